import type { PgBoss } from 'pg-boss';
import { poolOf, type Db } from '@/lib/db';
import { bossDatabase, inPgTransaction } from '@/lib/database/pg-transaction';
import { COMMENT_WORK_OPTIONS, queues, SUBMIT_SLOT_OPTIONS } from '@/lib/jobs/queues';
import { failureOutput, startSlotWorker, type SlotResult } from '@/lib/jobs/slot-worker';
import { sweepOutbox } from '@/lib/sync/outbox-sweep';
import { submitComments } from '@/lib/sync/submit-comment';
import { loadAndMarkWith, type LoadedSubmission } from '@/lib/sync/load-submissions';
import { startSubmissions } from '@/lib/sync/submit-issue';
import { CallSlots, slotConnectionFrom } from '@/lib/sync/call-slots';
import { installCallSlots, uninstallCallSlots } from '@/lib/sync/session';

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

/** The running outbound consumers (the submit one is not a pg-boss worker) and the call budget. */
export interface OutboundSync {
  /** Stops the submit consumer and waits for its jobs in hand: before pg-boss stops, so it can settle them. */
  stop(timeoutMs: number): Promise<void>;
  /** Gives the call slots back: after pg-boss has stopped, so the jobs it lets finish still draw on the budget. */
  close(): Promise<void>;
}

/**
 * The outbound sync handlers. Payloads are validated with the queue's schema. submit-issue runs
 * on a slot worker: each job answers on its own as soon as it is done, so a retry or dead letter
 * concerns exactly one submission and a slow one holds only its own slot; submit-comment takes one
 * issue's drain at a time.
 */
export async function registerOutboundSync(boss: PgBoss, db: Db, opts: { fetch?: typeof fetch; sweepCron?: string | null } = {}): Promise<OutboundSync> {
  const deps = { db, boss, ...(opts.fetch ? { fetch: opts.fetch } : {}) };
  const reportError = (err: unknown) => boss.emit('error', err instanceof Error ? err : new Error(String(err)));
  // The integrations' call budgets, for every sync client of this process (inbound streams too).
  const callSlots = new CallSlots({ connect: slotConnectionFrom(poolOf(db)), onError: reportError });
  installCallSlots(callSlots);
  const workIds: { comment?: string } = {};
  const issues = await startSlotWorker<unknown, LoadedSubmission[]>(
    boss,
    {
      queue: queues.submitIssue.name,
      ...SUBMIT_SLOT_OPTIONS,
      // On the application's pool (lib/database/pg-transaction.ts), its statements unnamed: the
      // fetch must be planned with its values (see bossDatabase).
      transaction: (work) => inPgTransaction(poolOf(db), (client) => work(bossDatabase(client, { named: false }))),
      onError: reportError,
    },
    {
      // The IN_FLIGHT mark commits with the claim: one commit between a free slot and its call.
      claim: (jobs, tx) =>
        loadAndMarkWith(
          async (text, values) => (await tx.executeSql(text, values)).rows,
          jobs.flatMap((job) => {
            const payload = queues.submitIssue.payload.safeParse(job.data);
            return payload.success ? [payload.data.submissionId] : [];
          }),
        ),
      handle: (jobs, claimed) => {
        // A payload that fails its schema fails its own job, not the others fetched with it.
        const payloads = jobs.map((job) => queues.submitIssue.payload.safeParse(job.data));
        const started = startSubmissions(
          deps,
          jobs.flatMap((job, i) => {
            const payload = payloads[i]!;
            return payload.success ? [{ data: payload.data, retryCount: job.retryCount }] : [];
          }),
          claimed,
        );
        let next = 0;
        return payloads.map(async (payload): Promise<SlotResult> => {
          if (!payload.success) return { status: 'failed', output: failureOutput(payload.error) };
          const o = await started[next++]!;
          return o.status === 'failed' ? { status: 'failed', output: failureOutput(o.error) } : { status: 'completed', ...(o.after ? { after: o.after } : {}) };
        });
      },
    },
  );
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
  return {
    stop: (timeoutMs) => issues.stop(timeoutMs),
    async close() {
      uninstallCallSlots(callSlots);
      await callSlots.close();
    },
  };
}
