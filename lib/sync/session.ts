import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Integration } from '@/generated/prisma/client';
import type { IntegrationEnvironment } from '@/generated/prisma/enums';
import { createCityworksClient, type CallEvent, type CityworksClient } from '@/lib/cityworks';
import type { Db, Prisma } from '@/lib/db';
import { readSettings, type IntegrationSettings } from '@/lib/integrations/settings';
import { clientVersion } from '@/lib/integrations/versions';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { CallRecorder } from './call-recorder';
import type { CallSlots } from './call-slots';

/**
 * The one way an integration row becomes a Cityworks session: the outbound sync (a cached session
 * per integration and process), the inbound streams (a session per run) and the admin screens (test
 * connection, statuses, templates) all build theirs here, so version, deployment, time zone,
 * credentials, the "is it active" rule, the not-ready error and the names calls get on the
 * timeline are decided once.
 */

/** Per call: a stuck server must not hold a job (and a concurrency slot) for the default 30 s. */
export const SYNC_CALL_TIMEOUT_MS = 10_000;

/** Why an integration cannot sync now: it is gone, switched off, paused or lacks credentials. */
export type NotReadyReason = 'not-found' | 'disabled' | 'paused' | 'missing-credentials';

/** The integration cannot sync now. Inbound streams skip it; an outbound submission is held. */
export class IntegrationNotReadyError extends Error {
  override readonly name = 'IntegrationNotReadyError';
  constructor(
    readonly integrationId: string,
    readonly reason: NotReadyReason,
    message: string,
  ) {
    super(message);
  }
}

/** The one "is it active" rule: enabled and not paused. The circuit breaker is a separate state. */
export function isIntegrationActive(integration: { enabled: boolean; pausedAt: Date | null }): boolean {
  return integration.enabled && integration.pausedAt === null;
}

/** The same rule as a query filter. */
export const ACTIVE_INTEGRATION = { enabled: true, pausedAt: null } as const satisfies Prisma.IntegrationWhereInput;

export interface ClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  onCall?: (e: CallEvent) => void;
}

// The call budget of this process (lib/sync/call-slots.ts), installed by the worker that runs the
// sync: every sync client built here takes a slot per call. The admin screens' clients do not: an
// admin testing a connection is not queued behind a backlog.
let callSlots: CallSlots | null = null;

/** Installs the call budget every sync client of this process draws on. */
export function installCallSlots(slots: CallSlots): void {
  callSlots = slots;
}

/** Removes `slots` if it is still the installed budget (a later install is left in place). */
export function uninstallCallSlots(slots: CallSlots): void {
  if (callSlots === slots) callSlots = null;
}

/** A slot of the integration's budget, read when the call is made (the budget may be installed after the client was built). */
function budgetOf(row: Integration): () => Promise<() => void> {
  const limit = readSettings(row.settings).maxConcurrentCalls;
  return async () => (callSlots ? callSlots.acquire(row.id, limit) : () => undefined);
}

export type MissingCredential = 'endpoint URL' | 'user' | 'password';

/** What an environment lacks before a client can be built for it. */
export type MissingCredentials = { ok: false; missing: MissingCredential[] };
type Credentials = { endpointUrl: string; loginName: string; password: string };
export type EnvironmentCredentials = ({ ok: true } & Credentials) | MissingCredentials;

/** The endpoint, user and (decrypted, server-side only) password of one environment. */
export async function environmentCredentials(tx: Pick<Db, 'integrationSecret'>, row: Integration, environment: IntegrationEnvironment): Promise<EnvironmentCredentials> {
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

function buildClient(row: Integration, creds: Credentials, opts: ClientOptions & { budgeted?: boolean }): CityworksClient {
  return createCityworksClient({
    ...(opts.budgeted ? { callSlot: budgetOf(row) } : {}),
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

/** Credentials of the environment, or the not-ready error that names what is missing. */
async function readyCredentials(db: Pick<Db, 'integrationSecret'>, row: Integration, environment: IntegrationEnvironment) {
  const creds = await environmentCredentials(db, row, environment);
  if (creds.ok) return creds;
  const label = environment === 'PRODUCTION' ? 'production' : 'test';
  throw new IntegrationNotReadyError(row.id, 'missing-credentials', `No ${label} ${creds.missing.join(', ')} is set for this integration.`);
}

export type ClientSetup = { ok: true; client: CityworksClient; endpointUrl: string; loginName: string } | MissingCredentials;

/**
 * For the admin screens (test connection, statuses, templates): a client for one environment,
 * whatever the integration's state, or what is missing to build one.
 */
export async function clientForEnvironment(tx: Pick<Db, 'integrationSecret'>, row: Integration, environment: IntegrationEnvironment, opts: ClientOptions = {}): Promise<ClientSetup> {
  const creds = await environmentCredentials(tx, row, environment);
  if (!creds.ok) return creds;
  return { ok: true, client: buildClient(row, creds, opts), endpointUrl: creds.endpointUrl, loginName: creds.loginName };
}

// Outbound: one client (one Cityworks session) per integration configuration and process, since
// logging in for every job would double the calls per issue. Each job's calls still reach its own
// recorder through the async context of the job.
const callSink = new AsyncLocalStorage<(e: CallEvent) => void>();
const sessions = new Map<string, CityworksClient>();
// Sessions by the stored password's stamp (see integrationSession): found without reading the secret.
const sessionsByStamp = new Map<string, CityworksClient>();

/** Runs `fn` with every Cityworks call of the outbound session inside it reported to `onCall`. */
export function withCallRecorder<T>(onCall: (e: CallEvent) => void, fn: () => Promise<T>): Promise<T> {
  return callSink.run(onCall, fn);
}

/**
 * The integration's outbound Cityworks session for its active environment (one per configuration
 * and process). Its calls are reported to the recorder of the async context they run in
 * (withCallRecorder), so the attempts of a batch share the session and keep their own timelines.
 */
export async function integrationSession(db: Db, integration: Integration, fetchImpl?: typeof fetch, passwordStamp?: string | null): Promise<CityworksClient> {
  // `passwordStamp` identifies the active environment's stored password (its row, key and last
  // change, read by the caller with the integration): while it and the integration row are
  // unchanged the session is the same, and the secret is neither read nor decrypted again.
  const stampKey = passwordStamp ? JSON.stringify([integration.id, integration.updatedAt.getTime(), integration.environment, passwordStamp, fetchImpl ? 'custom' : 'global']) : null;
  const known = stampKey ? sessionsByStamp.get(stampKey) : undefined;
  if (known) return known;
  const creds = await readyCredentials(db, integration, integration.environment);
  // A settings or credentials change makes a new session; the old one is simply dropped.
  const key = createHash('sha256')
    .update(JSON.stringify([integration.id, integration.updatedAt.getTime(), creds, fetchImpl ? 'custom' : 'global']))
    .digest('hex');
  const client =
    sessions.get(key) ??
    buildClient(integration, creds, {
      budgeted: true,
      timeoutMs: SYNC_CALL_TIMEOUT_MS,
      onCall: (e) => callSink.getStore()?.(e),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  if (sessions.size > 200) sessions.clear();
  sessions.set(key, client);
  if (stampKey) {
    if (sessionsByStamp.size > 200) sessionsByStamp.clear();
    sessionsByStamp.set(stampKey, client);
  }
  return client;
}

/**
 * Inbound: an active integration ready to talk to Cityworks, its settings, the environment, and a
 * client whose every call is counted and kept for the timeline, so an admin can see what each
 * sync cycle cost.
 */
export interface RemoteSession {
  integration: Integration;
  settings: IntegrationSettings;
  environment: IntegrationEnvironment;
  client: CityworksClient;
  /** Calls made so far through `client`. */
  calls: CallEvent[];
  /** Writes the recorded calls to the timeline (one insert) and forgets them. */
  flushCalls(db: Db): Promise<void>;
}

export interface OpenRemoteOptions {
  /** For tests and benchmarks: another fetch (e.g. counting) than the global one. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function openRemote(db: Db, integrationId: string, opts: OpenRemoteOptions = {}): Promise<RemoteSession> {
  const integration = await db.integration.findUnique({ where: { id: integrationId } });
  if (!integration) throw new IntegrationNotReadyError(integrationId, 'not-found', `Integration ${integrationId} cannot sync: not found`);
  if (!integration.enabled) throw new IntegrationNotReadyError(integrationId, 'disabled', `Integration ${integrationId} cannot sync: disabled`);
  if (!isIntegrationActive(integration)) throw new IntegrationNotReadyError(integrationId, 'paused', `Integration ${integrationId} cannot sync: paused`);
  const creds = await readyCredentials(db, integration, integration.environment);

  const calls: CallEvent[] = [];
  const recorder = new CallRecorder(db, { integrationId, issueId: null, attempt: 1 });
  const client = buildClient(integration, creds, {
    budgeted: true,
    onCall: (e) => {
      calls.push(e);
      recorder.onCall(e);
    },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  return {
    integration,
    settings: readSettings(integration.settings),
    environment: integration.environment,
    client,
    calls,
    flushCalls: (tx) => recorder.flush(tx),
  };
}
