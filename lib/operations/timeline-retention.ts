import type { Db } from '@/lib/db';
import { timelineOperation } from '@/lib/sync/call-recorder';

/**
 * Timeline retention: SyncEvents older than the retention period are rolled up into daily counts
 * (SyncEventDaily: per integration, UTC day, operation, outcome and error class, with latency sum
 * and max) and deleted, in batches. Roll-up and delete are one statement per batch, so a crash
 * between batches neither loses nor double-counts an event. Events with no integration (none are
 * written today) are deleted without a roll-up.
 */
export interface RetentionPolicy {
  retentionDays: number;
  batchSize?: number;
  /** Bounds one run; the next scheduled run continues where this one stopped. */
  maxBatches?: number;
}

export interface PruneResult {
  deleted: number;
  batches: number;
  cutoff: Date;
  /** True when maxBatches stopped the run with old events left. */
  more: boolean;
}

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 24 * 3600_000);
}

async function pruneBatch(db: Db, cutoff: Date, batchSize: number): Promise<number> {
  const rows = await db.$queryRaw<{ deleted: number }[]>`
    WITH batch AS (
      DELETE FROM "SyncEvent"
      WHERE id IN (
        SELECT id FROM "SyncEvent"
        WHERE "createdAt" < (${cutoff.toISOString()}::timestamptz AT TIME ZONE 'UTC')
        ORDER BY "createdAt"
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING "integrationId", "createdAt", operation, outcome, "errorClass", "latencyMs"
    ), rolled AS (
      INSERT INTO "SyncEventDaily" ("integrationId", day, operation, outcome, "errorClass", count, "latencyCount", "latencySumMs", "latencyMaxMs", "updatedAt")
      SELECT "integrationId", "createdAt"::date, operation, outcome, COALESCE("errorClass", ''),
             count(*)::int, count("latencyMs")::int, COALESCE(sum("latencyMs"), 0)::bigint, max("latencyMs"), now()
      FROM batch
      WHERE "integrationId" IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT ("integrationId", day, operation, outcome, "errorClass") DO UPDATE SET
        count = "SyncEventDaily".count + EXCLUDED.count,
        "latencyCount" = "SyncEventDaily"."latencyCount" + EXCLUDED."latencyCount",
        "latencySumMs" = "SyncEventDaily"."latencySumMs" + EXCLUDED."latencySumMs",
        "latencyMaxMs" = GREATEST("SyncEventDaily"."latencyMaxMs", EXCLUDED."latencyMaxMs"),
        "updatedAt" = now()
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM batch)::int AS deleted, (SELECT count(*) FROM rolled)::int AS rolled`;
  return rows[0]?.deleted ?? 0;
}

export async function pruneTimeline(db: Db, policy: RetentionPolicy, now = new Date()): Promise<PruneResult> {
  if (!Number.isInteger(policy.retentionDays) || policy.retentionDays < 1) throw new RangeError('retentionDays must be a whole number of days, at least 1');
  const batchSize = policy.batchSize ?? 5_000;
  const maxBatches = policy.maxBatches ?? 200;
  const cutoff = retentionCutoff(now, policy.retentionDays);
  let deleted = 0;
  let batches = 0;
  for (;;) {
    if (batches >= maxBatches) return { deleted, batches, cutoff, more: true };
    const n = await pruneBatch(db, cutoff, batchSize);
    batches++;
    deleted += n;
    if (n < batchSize) return { deleted, batches, cutoff, more: false };
  }
}

export interface DailyRollup {
  day: string;
  operation: string;
  outcome: 'OK' | 'ERROR';
  errorClass: string;
  count: number;
  avgLatencyMs: number | null;
  maxLatencyMs: number | null;
}

export async function dailyRollups(db: Db, integrationId: string, sinceDay?: Date): Promise<DailyRollup[]> {
  const rows = await db.syncEventDaily.findMany({
    where: { integrationId, ...(sinceDay ? { day: { gte: sinceDay } } : {}) },
    orderBy: [{ day: 'asc' }, { operation: 'asc' }, { outcome: 'asc' }, { errorClass: 'asc' }],
  });
  return rows.map((r) => ({
    day: r.day.toISOString().slice(0, 10),
    operation: timelineOperation(r.operation),
    outcome: r.outcome,
    errorClass: r.errorClass,
    count: r.count,
    avgLatencyMs: r.latencyCount > 0 ? Math.round(Number(r.latencySumMs) / r.latencyCount) : null,
    maxLatencyMs: r.latencyMaxMs,
  }));
}
