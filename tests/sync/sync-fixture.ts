import type { PgBoss } from 'pg-boss';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import type { Db } from '@/lib/db';
import { createBoss, ensureQueues } from '@/lib/jobs/boss';
import { setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { registerOutboundSync } from '@/workers/jobs/outbound-sync';

export const EMULATOR_LOGIN = 'api311';
export const EMULATOR_PASSWORD = 'Springfield!311';

const STORED_VERSION = { '2013': 'V2013', '15.8': 'V15_8', '23': 'V23' } as const;

export interface SyncWorld {
  emu: CityworksEmulator;
  boss: PgBoss;
  organizationId: string;
  integrationId: string;
  srTypeId: string;
  woTypeId: string;
  close(): Promise<void>;
}

/** One organization with an integration pointed at a fresh emulator, pg-boss and the real handlers. */
export async function startSyncWorld(
  db: Db,
  opts: { settings?: object; version?: '2013' | '15.8' | '23'; srid?: number; mode?: 'SERVICE_REQUESTS' | 'WORK_ORDERS' | 'BOTH'; fetch?: typeof fetch } = {},
): Promise<SyncWorld> {
  const emu = await startCityworksEmulator({ version: opts.version ?? '15.8' });
  const org = await db.organization.create({ data: { slug: `org-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, title: 'City of Springfield' } });
  const integration = await db.integration.create({
    data: {
      organizationId: org.id,
      version: STORED_VERSION[opts.version ?? '15.8'],
      mode: opts.mode ?? 'BOTH',
      environment: 'TEST',
      testEndpointUrl: emu.url,
      testLoginName: EMULATOR_LOGIN,
      productionEndpointUrl: 'http://127.0.0.1:9/nowhere',
      productionLoginName: 'prod-user',
      srid: opts.srid ?? 3857,
      settings: opts.settings ?? { imageUrlField: 'Text3' },
    },
  });
  await setIntegrationSecret(db, integration.id, 'TEST_PASSWORD', EMULATOR_PASSWORD);
  const sr = await db.requestType.create({
    data: { organizationId: org.id, integrationId: integration.id, remoteKind: 'SERVICE_REQUEST', remoteCode: '101', remoteName: 'Pothole', name: 'Pothole' },
  });
  const wo = await db.requestType.create({
    data: { organizationId: org.id, integrationId: integration.id, remoteKind: 'WORK_ORDER', remoteCode: '301', remoteName: 'Street repair', name: 'Street repair' },
  });
  const boss = createBoss(process.env.DATABASE_URL!);
  boss.on('error', () => undefined);
  await boss.start();
  await ensureQueues(boss);
  const outbound = await registerOutboundSync(boss, db, { sweepCron: null, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  return {
    emu,
    boss,
    organizationId: org.id,
    integrationId: integration.id,
    srTypeId: sr.id,
    woTypeId: wo.id,
    async close() {
      await outbound.stop(2000);
      await boss.stop({ graceful: false, timeout: 2000 });
      await outbound.close();
      await emu.close();
    },
  };
}

export const PNG_BYTES = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
