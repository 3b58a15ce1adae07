import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Integration } from '@/generated/prisma/client';
import type { CallEvent, CityworksClient } from '@/lib/cityworks';
import type { Db } from '@/lib/db';
import { cityworksClientFor, environmentCredentials } from '@/lib/integrations/client-for-integration';

/** Per call: a stuck server must not hold a job (and a concurrency slot) for the default 30 s. */
export const SYNC_CALL_TIMEOUT_MS = 10_000;

/** The integration lacks what a call needs (endpoint, login, password for the active environment). */
export class IntegrationConfigError extends Error {
  override readonly name = 'IntegrationConfigError';
}

// One client (one Cityworks session) per integration configuration and process: logging in for
// every job would double the calls per issue. Each job's calls still reach its own recorder
// through the async context of the job.
const callSink = new AsyncLocalStorage<(e: CallEvent) => void>();
const clients = new Map<string, CityworksClient>();
// Sessions by the stored password's stamp (see passwordStamp below): found without reading the secret.
const clientsByStamp = new Map<string, CityworksClient>();

/** Runs `fn` with every Cityworks call inside it reported to `onCall`. */
export function withCallRecorder<T>(onCall: (e: CallEvent) => void, fn: () => Promise<T>): Promise<T> {
  return callSink.run(onCall, fn);
}

/**
 * The integration's Cityworks session for its active environment (one per configuration and
 * process). Its calls are reported to the recorder of the async context they run in
 * (withCallRecorder), so the attempts of a batch share the session and keep their own timelines.
 */
export async function integrationSession(db: Db, integration: Integration, fetchImpl?: typeof fetch, passwordStamp?: string | null): Promise<CityworksClient> {
  // `passwordStamp` identifies the active environment's stored password (its row, key and last
  // change, read by the caller with the integration): while it and the integration row are
  // unchanged the session is the same, and the secret is neither read nor decrypted again.
  const stampKey = passwordStamp ? JSON.stringify([integration.id, integration.updatedAt.getTime(), integration.environment, passwordStamp, fetchImpl ? 'custom' : 'global']) : null;
  const known = stampKey ? clientsByStamp.get(stampKey) : undefined;
  if (known) return known;
  const creds = await environmentCredentials(db, integration, integration.environment);
  if (!creds.ok) {
    const label = integration.environment === 'PRODUCTION' ? 'production' : 'test';
    throw new IntegrationConfigError(`No ${label} ${creds.missing.join(', ')} is set for this integration.`);
  }
  // A settings or credentials change makes a new session; the old one is simply dropped.
  const key = createHash('sha256')
    .update(JSON.stringify([integration.id, integration.updatedAt.getTime(), creds, fetchImpl ? 'custom' : 'global']))
    .digest('hex');
  const client =
    clients.get(key) ??
    cityworksClientFor(integration, creds, {
      timeoutMs: SYNC_CALL_TIMEOUT_MS,
      onCall: (e) => callSink.getStore()?.(e),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  if (clients.size > 200) clients.clear();
  clients.set(key, client);
  if (stampKey) {
    if (clientsByStamp.size > 200) clientsByStamp.clear();
    clientsByStamp.set(stampKey, client);
  }
  return client;
}

/** A Cityworks client for the integration's active environment; every call goes to `onCall`. */
export async function clientForIntegration(
  db: Db,
  integration: Integration,
  onCall: (e: CallEvent) => void,
  fetchImpl?: typeof fetch,
): Promise<CityworksClient> {
  const client = await integrationSession(db, integration, fetchImpl);
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
