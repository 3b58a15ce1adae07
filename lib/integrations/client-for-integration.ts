import type { Integration } from '@/generated/prisma/client';
import type { IntegrationEnvironment } from '@/generated/prisma/enums';
import type { Db } from '@/lib/db';
import { createCityworksClient, type CityworksClient } from '@/lib/cityworks';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { clientVersion } from './versions';

export interface ClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type ClientSetup =
  | { ok: true; client: CityworksClient; endpointUrl: string; loginName: string }
  | { ok: false; missing: ('endpoint URL' | 'user' | 'password')[] };

/** A Cityworks client for one environment of the integration, or what is missing to build one. */
export async function clientForIntegration(tx: Pick<Db, 'integrationSecret'>, row: Integration, environment: IntegrationEnvironment, opts: ClientOptions = {}): Promise<ClientSetup> {
  const isTest = environment === 'TEST';
  const endpointUrl = isTest ? row.testEndpointUrl : row.productionEndpointUrl;
  const loginName = isTest ? row.testLoginName : row.productionLoginName;
  const password = await readIntegrationSecret(tx, row.id, isTest ? 'TEST_PASSWORD' : 'PRODUCTION_PASSWORD');
  const missing: ('endpoint URL' | 'user' | 'password')[] = [];
  if (!endpointUrl) missing.push('endpoint URL');
  if (!loginName) missing.push('user');
  if (!password) missing.push('password');
  if (!endpointUrl || !loginName || !password) return { ok: false, missing };
  const client = createCityworksClient({
    baseUrl: endpointUrl,
    version: clientVersion(row.version),
    online: row.deployment === 'ONLINE',
    loginName,
    password,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  return { ok: true, client, endpointUrl, loginName };
}
