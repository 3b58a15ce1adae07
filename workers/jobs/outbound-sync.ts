import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { SUBMIT_WORK_OPTIONS } from '@/lib/sync/enqueue';
import { sweepOutbox } from '@/lib/sync/outbox-sweep';
import { submitComments } from '@/lib/sync/submit-comment';
import { submitIssue } from '@/lib/sync/submit-issue';

/**
 * The outbound sync handlers. Payloads are validated with the queue's schema; the handlers take
 * one job at a time (batchSize 1) so a retry or dead letter concerns exactly one submission.
 */
export async function registerOutboundSync(boss: PgBoss, db: Db, opts: { fetch?: typeof fetch; sweepCron?: string | null } = {}): Promise<void> {
  const deps = { db, boss, ...(opts.fetch ? { fetch: opts.fetch } : {}) };
  await boss.work(queues.submitIssue.name, { ...SUBMIT_WORK_OPTIONS, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    await submitIssue(deps, { data: queues.submitIssue.payload.parse(job.data), retryCount: job.retryCount });
  });
  await boss.work(queues.submitComment.name, { ...SUBMIT_WORK_OPTIONS, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    await submitComments(deps, { data: queues.submitComment.payload.parse(job.data), retryCount: job.retryCount });
  });
  await boss.work(queues.outboxSweep.name, { pollingIntervalSeconds: 5 }, async () => {
    await sweepOutbox(db, boss, opts.fetch);
  });
  if (opts.sweepCron !== null) await boss.schedule(queues.outboxSweep.name, opts.sweepCron ?? '* * * * *', {}, { singletonKey: 'outbox-sweep' });
}
