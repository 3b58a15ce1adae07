import type { Integration } from '@/generated/prisma/client';
import type { IntegrationEnvironment } from '@/generated/prisma/enums';
import type { Db } from '@/lib/db';
import { createCityworksClient, type CallEvent, type CityworksClient } from '@/lib/cityworks';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { readSettings } from './settings';
import { clientVersion } from './versions';

/**
 * The one place that turns an integration row into a Cityworks client: the admin screens (test
 * connection, statuses), the outbound sync (a cached session per integration) and the inbound
 * streams all build theirs here, so version, deployment, time zone and credentials are read alike.
 */
export interface ClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  onCall?: (e: CallEvent) => void;
}

export type MissingCredential = 'endpoint URL' | 'user' | 'password';

export type EnvironmentCredentials =
  | { ok: true; endpointUrl: string; loginName: string; password: string }
  | { ok: false; missing: MissingCredential[] };

/** The endpoint, user and (decrypted, server-side only) password of one environment. */
export async function environmentCredentials(
  tx: Pick<Db, 'integrationSecret'>,
  row: Integration,
  environment: IntegrationEnvironment,
): Promise<EnvironmentCredentials> {
  const isTest = environment === 'TEST';
  const endpointUrl = isTest ? row.testEndpointUrl : row.productionEndpointUrl;
  const loginName = isTest ? row.testLoginName : row.productionLoginName;
  const password = await readIntegrationSecret(tx, row.id, isTest ? 'TEST_PASSWORD' : 'PRODUCTION_PASSWORD');
  const missing: MissingCredential[] = [];
  if (!endpointUrl) missing.push('endpoint URL');
  if (!loginName) missing.push('user');
  if (!password) missing.push('password');
  if (!endpointUrl || !loginName || !password) return { ok: false, missing };
  return { ok: true, endpointUrl, loginName, password };
}

export function cityworksClientFor(
  row: Integration,
  creds: { endpointUrl: string; loginName: string; password: string },
  opts: ClientOptions = {},
): CityworksClient {
  return createCityworksClient({
    baseUrl: creds.endpointUrl,
    version: clientVersion(row.version),
    online: row.deployment === 'ONLINE',
    loginName: creds.loginName,
    password: creds.password,
    serverTimeZone: readSettings(row.settings).serverTimeZone,
    ...(opts.onCall ? { onCall: opts.onCall } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
}

export type ClientSetup =
  | { ok: true; client: CityworksClient; endpointUrl: string; loginName: string }
  | { ok: false; missing: MissingCredential[] };

/** A Cityworks client for one environment of the integration, or what is missing to build one. */
export async function clientForIntegration(
  tx: Pick<Db, 'integrationSecret'>,
  row: Integration,
  environment: IntegrationEnvironment,
  opts: ClientOptions = {},
): Promise<ClientSetup> {
  const creds = await environmentCredentials(tx, row, environment);
  if (!creds.ok) return creds;
  return { ok: true, client: cityworksClientFor(row, creds, opts), endpointUrl: creds.endpointUrl, loginName: creds.loginName };
}
