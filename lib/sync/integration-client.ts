import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Integration } from '@/generated/prisma/client';
import type { CityworksVersion as VersionEnum } from '@/generated/prisma/enums';
import { createCityworksClient, type CallEvent, type CityworksClient, type CityworksVersion } from '@/lib/cityworks';
import type { Db } from '@/lib/db';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';

const VERSIONS: Record<VersionEnum, CityworksVersion> = {
  V2013: '2013',
  V2014: '2014',
  V2015: '2015',
  V15_0: '15.0',
  V15_8: '15.8',
  V23: '23',
};

/** Per call: a stuck server must not hold a job (and a concurrency slot) for the default 30 s. */
export const SYNC_CALL_TIMEOUT_MS = 10_000;

/** The integration lacks what a call needs (endpoint, login, password for the active environment). */
export class IntegrationConfigError extends Error {
  override readonly name = 'IntegrationConfigError';
}

export interface IntegrationTarget {
  environment: Integration['environment'];
  baseUrl: string;
  loginName: string;
}

/** The endpoint and login of the active environment (TEST or PRODUCTION). */
export function activeTarget(integration: Integration): IntegrationTarget {
  const prod = integration.environment === 'PRODUCTION';
  const baseUrl = prod ? integration.productionEndpointUrl : integration.testEndpointUrl;
  const loginName = prod ? integration.productionLoginName : integration.testLoginName;
  const label = prod ? 'production' : 'test';
  if (!baseUrl) throw new IntegrationConfigError(`No ${label} endpoint is set for this integration.`);
  if (!loginName) throw new IntegrationConfigError(`No ${label} user is set for this integration.`);
  return { environment: integration.environment, baseUrl, loginName };
}

// One client (one Cityworks session) per integration configuration and process: logging in for
// every job would double the calls per issue. Each job's calls still reach its own recorder
// through the async context of the job.
const callSink = new AsyncLocalStorage<(e: CallEvent) => void>();
const clients = new Map<string, CityworksClient>();

/** Runs `fn` with every Cityworks call inside it reported to `onCall`. */
export function withCallRecorder<T>(onCall: (e: CallEvent) => void, fn: () => Promise<T>): Promise<T> {
  return callSink.run(onCall, fn);
}

/** A Cityworks client for the integration's active environment; every call goes to `onCall`. */
export async function clientForIntegration(
  db: Db,
  integration: Integration,
  onCall: (e: CallEvent) => void,
  fetchImpl?: typeof fetch,
): Promise<CityworksClient> {
  const target = activeTarget(integration);
  const secretName = target.environment === 'PRODUCTION' ? 'PRODUCTION_PASSWORD' : 'TEST_PASSWORD';
  const password = await readIntegrationSecret(db, integration.id, secretName);
  if (!password) throw new IntegrationConfigError(`No ${target.environment === 'PRODUCTION' ? 'production' : 'test'} password is set for this integration.`);
  const key = createHash('sha256')
    .update(JSON.stringify([integration.id, integration.version, integration.deployment, target, password, fetchImpl ? 'custom' : 'global']))
    .digest('hex');
  const client =
    clients.get(key) ??
    createCityworksClient({
      baseUrl: target.baseUrl,
      version: VERSIONS[integration.version],
      online: integration.deployment === 'ONLINE',
      loginName: target.loginName,
      password,
      timeoutMs: SYNC_CALL_TIMEOUT_MS,
      onCall: (e) => callSink.getStore()?.(e),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  if (clients.size > 200) clients.clear();
  clients.set(key, client);
  // Callers that did not enter withCallRecorder still get their calls.
  return callSink.getStore() ? client : wrapUnscoped(client, onCall);
}

function wrapUnscoped(client: CityworksClient, onCall: (e: CallEvent) => void): CityworksClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value === 'function') return (...args: unknown[]) => callSink.run(onCall, () => (value as (...a: unknown[]) => unknown).apply(target, args));
      if (value && typeof value === 'object') return wrapUnscoped(value as CityworksClient, onCall);
      return value;
    },
  });
}
