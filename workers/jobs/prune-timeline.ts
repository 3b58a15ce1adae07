import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { env } from '@/lib/env';
import { queues } from '@/lib/jobs/queues';
import { pruneAttempts } from '@/lib/operations/prune-attempts';
import { pruneTimeline, type RetentionPolicy } from '@/lib/operations/timeline-retention';

/** Nightly at 03:17 UTC, off the hour so it does not meet the hourly archive run. */
export const PRUNE_TIMELINE_CRON = '17 3 * * *';

export async function registerPruneTimeline(boss: PgBoss, db: Db, policy: RetentionPolicy = { retentionDays: env.TIMELINE_RETENTION_DAYS }, opts: { cron?: string | null } = {}): Promise<void> {
  await boss.work(queues.pruneTimeline.name, { pollingIntervalSeconds: 5 }, async () => {
    await pruneAttempts(db);
    const result = await pruneTimeline(db, policy);
    if (result.deleted > 0 || result.more) {
      console.log(`[worker] prune-timeline: ${result.deleted} events before ${result.cutoff.toISOString()} rolled up and deleted${result.more ? '; more left for the next run' : ''}`);
    }
  });
  if (opts.cron !== null) await boss.schedule(queues.pruneTimeline.name, opts.cron ?? PRUNE_TIMELINE_CRON, {}, { singletonKey: 'prune-timeline' });
}
