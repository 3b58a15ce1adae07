import type { Integration } from '@/generated/prisma/client';
import type { CityworksVersion as StoredVersion, IntegrationEnvironment } from '@/generated/prisma/enums';
import { createCityworksClient, type CallEvent, type CityworksClient } from '@/lib/cityworks';
import type { CityworksVersion } from '@/lib/cityworks/config';
import type { Db } from '@/lib/db';
import { readSettings, type IntegrationSettings } from '@/lib/integrations/settings';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';

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

const CLIENT_VERSION: Record<StoredVersion, CityworksVersion> = {
  V2013: '2013',
  V2014: '2014',
  V2015: '2015',
  V15_0: '15.0',
  V15_8: '15.8',
  V23: '23',
};

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
  const production = integration.environment === 'PRODUCTION';
  const baseUrl = production ? integration.productionEndpointUrl : integration.testEndpointUrl;
  const loginName = production ? integration.productionLoginName : integration.testLoginName;
  if (!baseUrl || !loginName) throw new IntegrationNotReadyError(integrationId, `no ${integration.environment.toLowerCase()} endpoint or login name`);
  const password = await readIntegrationSecret(db, integrationId, production ? 'PRODUCTION_PASSWORD' : 'TEST_PASSWORD');
  if (password === null) throw new IntegrationNotReadyError(integrationId, `no ${integration.environment.toLowerCase()} password`);

  const calls: CallEvent[] = [];
  let flushed = 0;
  const client = createCityworksClient({
    baseUrl,
    version: CLIENT_VERSION[integration.version],
    online: integration.deployment === 'ONLINE',
    loginName,
    password,
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
