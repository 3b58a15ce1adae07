import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createBoss, ensureQueues } from '@/lib/jobs/boss';
import { queues } from '@/lib/jobs/queues';
import { dailyRollups, pruneTimeline } from '@/lib/operations/timeline-retention';
import { registerPruneTimeline } from '@/workers/jobs/prune-timeline';
import { waitFor } from '../support/wait-for';

const NOW = new Date('2026-03-31T12:00:00.000Z');
let integrationId: string;
let otherIntegrationId: string;

beforeAll(async () => {
  const org = await db.organization.create({ data: { slug: `retention-${Date.now()}`, title: 'Retention City' } });
  integrationId = (await db.integration.create({ data: { organizationId: org.id } })).id;
  otherIntegrationId = (await db.integration.create({ data: { organizationId: org.id, name: 'Other' } })).id;
});
afterAll(async () => {
  await db.$disconnect();
});

function daysAgo(days: number, hour = 0): Date {
  return new Date(NOW.getTime() - days * 24 * 3600_000 + hour * 3600_000);
}

describe('timeline retention', () => {
  it('rolls old events up into daily counts per integration/operation/outcome/class, deletes them in batches, keeps recent ones', async () => {
    const old = (d: Date, op: string, outcome: 'OK' | 'ERROR', latencyMs: number | null, errorClass: string | null = null, id = integrationId) =>
      ({ integrationId: id, operation: op, outcome, latencyMs, errorClass, createdAt: d });
    await db.syncEvent.createMany({
      data: [
        // 40 days ago: three OK calls (latency 100, 200, none) and two failures of one class.
        old(daysAgo(40, 1), 'ServiceRequest/Create', 'OK', 100),
        old(daysAgo(40, 2), 'ServiceRequest/Create', 'OK', 200),
        old(daysAgo(40, 3), 'ServiceRequest/Create', 'OK', null),
        old(daysAgo(40, 4), 'ServiceRequest/Create', 'ERROR', 50, 'cityworks.http'),
        old(daysAgo(40, 5), 'ServiceRequest/Create', 'ERROR', 70, 'cityworks.http'),
        // 35 days ago, another operation, and another integration on the same day.
        old(daysAgo(35, 1), 'poll-updates', 'OK', 10),
        old(daysAgo(35, 1), 'poll-updates', 'OK', 30, null, otherIntegrationId),
        // No integration: deleted without a roll-up.
        { integrationId: null, operation: 'orphan', outcome: 'OK' as const, createdAt: daysAgo(50) },
        // Inside the retention period: kept.
        old(daysAgo(29), 'ServiceRequest/Create', 'OK', 5),
        old(daysAgo(1), 'ServiceRequest/Create', 'OK', 6),
      ],
    });
    const result = await pruneTimeline(db, { retentionDays: 30, batchSize: 3 }, NOW);
    expect(result).toMatchObject({ deleted: 8, more: false });
    expect(result.batches).toBe(3);
    const left = await db.syncEvent.findMany({ orderBy: { createdAt: 'asc' }, select: { latencyMs: true } });
    expect(left.map((e) => e.latencyMs)).toEqual([5, 6]);

    expect(await dailyRollups(db, integrationId)).toEqual([
      { day: daysAgo(40).toISOString().slice(0, 10), operation: 'ServiceRequest/Create', outcome: 'OK', errorClass: '', count: 3, avgLatencyMs: 150, maxLatencyMs: 200 },
      { day: daysAgo(40).toISOString().slice(0, 10), operation: 'ServiceRequest/Create', outcome: 'ERROR', errorClass: 'cityworks.http', count: 2, avgLatencyMs: 60, maxLatencyMs: 70 },
      { day: daysAgo(35).toISOString().slice(0, 10), operation: 'poll-updates', outcome: 'OK', errorClass: '', count: 1, avgLatencyMs: 10, maxLatencyMs: 10 },
    ]);
    expect(await dailyRollups(db, otherIntegrationId)).toEqual([
      { day: daysAgo(35).toISOString().slice(0, 10), operation: 'poll-updates', outcome: 'OK', errorClass: '', count: 1, avgLatencyMs: 30, maxLatencyMs: 30 },
    ]);
  });

  it('a later run adds to an existing day instead of replacing it, and a run with nothing to do changes nothing', async () => {
    await db.syncEvent.createMany({
      data: [
        { integrationId, operation: 'ServiceRequest/Create', outcome: 'OK', latencyMs: 400, createdAt: daysAgo(40, 6) },
      ],
    });
    await pruneTimeline(db, { retentionDays: 30 }, NOW);
    const ok = (await dailyRollups(db, integrationId)).find((r) => r.outcome === 'OK' && r.operation === 'ServiceRequest/Create');
    expect(ok).toMatchObject({ count: 4, avgLatencyMs: Math.round((100 + 200 + 400) / 3), maxLatencyMs: 400 });

    const again = await pruneTimeline(db, { retentionDays: 30 }, NOW);
    expect(again).toMatchObject({ deleted: 0, batches: 1, more: false });
    expect((await dailyRollups(db, integrationId)).find((r) => r.outcome === 'OK' && r.operation === 'ServiceRequest/Create')?.count).toBe(4);
  });

  it('maxBatches bounds one run and says more is left; the retention period is configurable', async () => {
    await db.syncEvent.createMany({
      data: Array.from({ length: 5 }, (_, i) => ({ integrationId, operation: 'bulk', outcome: 'OK' as const, createdAt: daysAgo(20, i) })),
    });
    const first = await pruneTimeline(db, { retentionDays: 10, batchSize: 2, maxBatches: 2 }, NOW);
    expect(first).toMatchObject({ deleted: 4, batches: 2, more: true });
    const rest = await pruneTimeline(db, { retentionDays: 10, batchSize: 2, maxBatches: 2 }, NOW);
    // The shorter period also takes the 29-day-old event the 30-day policy kept.
    expect(rest).toMatchObject({ deleted: 2, more: false });
    expect(await db.syncEvent.count({ where: { operation: 'bulk' } })).toBe(0);
    expect((await db.syncEvent.findMany({ select: { latencyMs: true } })).map((e) => e.latencyMs)).toEqual([6]);
    expect((await dailyRollups(db, integrationId)).find((r) => r.operation === 'bulk')?.count).toBe(5);
    await expect(pruneTimeline(db, { retentionDays: 0 }, NOW)).rejects.toThrow(RangeError);
  });

  it('the prune-timeline job runs the policy through pg-boss', async () => {
    await db.syncEvent.create({ data: { integrationId, operation: 'via-job', outcome: 'OK', createdAt: new Date(Date.now() - 3 * 24 * 3600_000) } });
    const boss = createBoss(process.env.DATABASE_URL!);
    boss.on('error', () => undefined);
    await boss.start();
    try {
      await ensureQueues(boss);
      await registerPruneTimeline(boss, db, { retentionDays: 2 }, { cron: null });
      await boss.send(queues.pruneTimeline.name, {});
      await waitFor(async () => (await db.syncEvent.count({ where: { operation: 'via-job' } })) === 0, 15_000);
      expect((await dailyRollups(db, integrationId)).find((r) => r.operation === 'via-job')?.count).toBe(1);
    } finally {
      await boss.stop({ graceful: false, timeout: 2000 });
    }
  });
});
