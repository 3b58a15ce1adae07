import type { Integration } from '@/generated/prisma/client';
import type { IntegrationEnvironment } from '@/generated/prisma/enums';
import type { CallEvent, CityworksClient } from '@/lib/cityworks';
import type { Db } from '@/lib/db';
import { cityworksClientFor, environmentCredentials } from '@/lib/integrations/client-for-integration';
import { readSettings, type IntegrationSettings } from '@/lib/integrations/settings';

/**
 * An integration ready to talk to Cityworks: its settings, the endpoint of its current environment,
 * and a client whose every HTTP call is counted and kept for the timeline (SyncEvent), so an admin
 * can see what each sync cycle cost.
 */

export class IntegrationNotReadyError extends Error {
  constructor(
    readonly integrationId: string,
    readonly reason: string,
  ) {
    super(`Integration ${integrationId} cannot sync: ${reason}`);
    this.name = 'IntegrationNotReadyError';
  }
}

export interface RemoteSession {
  integration: Integration;
  settings: IntegrationSettings;
  environment: IntegrationEnvironment;
  client: CityworksClient;
  /** Calls made so far through `client`. */
  calls: CallEvent[];
  /** Writes the recorded calls as SyncEvents (one insert) and forgets them. */
  flushCalls(db: Db): Promise<void>;
}

export interface OpenRemoteOptions {
  /** For tests and benchmarks: another fetch (e.g. counting) than the global one. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function openRemote(db: Db, integrationId: string, opts: OpenRemoteOptions = {}): Promise<RemoteSession> {
  const integration = await db.integration.findUnique({ where: { id: integrationId } });
  if (!integration) throw new IntegrationNotReadyError(integrationId, 'not found');
  if (!integration.enabled) throw new IntegrationNotReadyError(integrationId, 'disabled');
  if (integration.pausedAt) throw new IntegrationNotReadyError(integrationId, 'paused');
  const creds = await environmentCredentials(db, integration, integration.environment);
  if (!creds.ok) throw new IntegrationNotReadyError(integrationId, `no ${integration.environment.toLowerCase()} ${creds.missing.join(', ')}`);

  const calls: CallEvent[] = [];
  let flushed = 0;
  const client = cityworksClientFor(integration, creds, {
    onCall: (e) => calls.push(e),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  return {
    integration,
    settings: readSettings(integration.settings),
    environment: integration.environment,
    client,
    calls,
    async flushCalls(tx) {
      const pending = calls.slice(flushed);
      flushed = calls.length;
      if (pending.length === 0) return;
      await tx.syncEvent.createMany({
        data: pending.map((e) => ({
          integrationId,
          operation: `cityworks:${e.operation}`,
          outcome: e.outcome === 'ok' ? 'OK' : 'ERROR',
          latencyMs: Math.round(e.latencyMs),
          attempt: e.attempt ?? 1,
          errorClass: e.errorKind ? `cityworks.${e.errorKind}` : null,
          details: e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : undefined,
        })),
      });
    },
  };
}
