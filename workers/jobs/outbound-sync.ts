import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { COMMENT_WORK_OPTIONS, queues, SUBMIT_WORK_OPTIONS } from '@/lib/jobs/queues';
import { sweepOutbox } from '@/lib/sync/outbox-sweep';
import { submitComments } from '@/lib/sync/submit-comment';
import { submitIssues } from '@/lib/sync/submit-issue';

/**
 * pg-boss sends a worker back to sleep for the NOTIFY backstop interval after every job, even
 * with a backlog waiting, unless it was woken meanwhile; a backlog then drained at one job per
 * worker per interval (p50 24 s for 100 issues at 20/s). Waking the workers that have a job in
 * hand when a job ends makes them fetch again at once while work remains, and an empty fetch
 * still puts them to sleep until the next NOTIFY: no idle polling.
 */
function keepDraining(boss: PgBoss, workId: string | undefined): void {
  if (!workId) return;
  for (const w of boss.getWipData()) if (w.workId === workId && w.count > 0) boss.notifyWorker(w.id);
}

/** What pg-boss stores on a failed job, as a thrown error would leave it. */
function failureOutput(err: unknown): { message: string; name?: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { message: String(err) };
}

/**
 * The outbound sync handlers. Payloads are validated with the queue's schema. submit-issue takes
 * batches and answers per job (perJobResults), so a retry or dead letter still concerns exactly
 * one submission; submit-comment takes one issue's drain at a time.
 */
export async function registerOutboundSync(boss: PgBoss, db: Db, opts: { fetch?: typeof fetch; sweepCron?: string | null } = {}): Promise<void> {
  const deps = { db, boss, ...(opts.fetch ? { fetch: opts.fetch } : {}) };
  const workIds: { issue?: string; comment?: string } = {};
  workIds.issue = await boss.work(queues.submitIssue.name, SUBMIT_WORK_OPTIONS, async (jobs) => {
    try {
      const outcomes = await submitIssues(
        deps,
        jobs.map((job) => ({ data: queues.submitIssue.payload.parse(job.data), retryCount: job.retryCount })),
      );
      return jobs.map((job, i) => {
        const outcome = outcomes[i]!;
        return outcome.status === 'failed' ? { id: job.id, status: 'failed' as const, output: failureOutput(outcome.error) } : { id: job.id, status: 'completed' as const };
      });
    } finally {
      keepDraining(boss, workIds.issue);
    }
  });
  workIds.comment = await boss.work(queues.submitComment.name, COMMENT_WORK_OPTIONS, async ([job]) => {
    if (!job) return;
    try {
      await submitComments(deps, { data: queues.submitComment.payload.parse(job.data), retryCount: job.retryCount });
    } finally {
      keepDraining(boss, workIds.comment);
    }
  });
  await boss.work(queues.outboxSweep.name, { pollingIntervalSeconds: 5 }, async () => {
    await sweepOutbox(db, boss, opts.fetch);
  });
  if (opts.sweepCron !== null) await boss.schedule(queues.outboxSweep.name, opts.sweepCron ?? '* * * * *', {}, { singletonKey: 'outbox-sweep' });
}
