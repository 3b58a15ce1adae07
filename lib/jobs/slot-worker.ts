import type { GroupConcurrencyConfig, JobAttempt, JobWithMetadata, PgBoss } from 'pg-boss';
import { GroupCommit } from '@/lib/database/group-commit';
import { listenForJobs, type Doorbell } from './queue-doorbell';

/**
 * What became of one job, as far as the queue is concerned. `after`: work that goes on once the
 * job has released its slot (recording what the job did); stop() waits for it too.
 */
export type SlotResult = { status: 'completed'; after?: Promise<void> } | { status: 'failed'; output: { message: string; name?: string } };

/** Starts a fetched batch: one promise per job, in order, settling when that job is done. */
export type SlotHandler<T> = (jobs: readonly JobWithMetadata<T>[]) => readonly Promise<SlotResult>[];

export interface SlotWorkerOptions {
  queue: string;
  /** The most jobs this process holds at once, across every group. */
  capacity: number;
  /** The most jobs one fetch claims. */
  maxFetch: number;
  groupConcurrency: GroupConcurrencyConfig;
  /** How often held jobs' heartbeats are refreshed (half the queue's heartbeatSeconds). */
  heartbeatMs: number;
  /** With nothing announced, fetch again after this long anyway (a missed NOTIFY, a retry coming due). */
  backstopMs: number;
  onError: (err: unknown) => void;
}

export interface SlotWorker {
  /** Stops fetching and waits up to `timeoutMs` for the jobs in hand to settle and their after-work to end. */
  stop(timeoutMs: number): Promise<void>;
}

/** What pg-boss stores on a failed job, as a thrown error would leave it. */
export function failureOutput(err: unknown): { message: string; name?: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { message: String(err) };
}

/**
 * A pg-boss consumer that keeps every slot busy. pg-boss's own worker hands a handler a batch and
 * fetches again only when the whole batch is done, so one slow call (up to the client's timeout)
 * held the slots of every finished job beside it: at 50 ms per call a batch of 8 ran at the pace of
 * its slowest, and a hung call stalled the rest for 10 s. Here each job frees its slot as soon as
 * it is done, and the fetch loop tops the slots up at once.
 *
 * There is one fetch loop per process, and its fetches never overlap: pg-boss counts a group's
 * active jobs when a fetch statement starts, so two overlapping fetches could both take the same
 * free slot (see lib/jobs/queues.ts). Completions are grouped and run beside the fetches (a
 * fetch that starts before a completion commits only claims less). The loop sleeps when a fetch comes back short (the queue is empty or its groups are full) until a
 * job finishes, a job is announced (pg-boss's NOTIFY, through listenForJobs), or the backstop
 * passes. Heartbeats of every held job are refreshed in one statement; failures go through
 * pg-boss's `fail`, which applies the queue's retry, backoff and dead-letter policy as for any
 * worker. A process killed mid-job leaves the job to lapse by heartbeat and be retried, as with
 * pg-boss's own worker.
 */
export async function startSlotWorker<T>(boss: PgBoss, opts: SlotWorkerOptions, handle: SlotHandler<T>): Promise<SlotWorker> {
  /** Claimed and not yet completed or failed in pg-boss. */
  const held = new Map<string, JobAttempt>();
  const running = new Set<Promise<void>>();
  let stopping = false;
  let rung = false;
  let ringNow: (() => void) | null = null;
  const ring = () => {
    rung = true;
    ringNow?.();
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      if (rung || stopping) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        ringNow = null;
        resolve();
      }
      ringNow = done;
    });

  function track(work: Promise<void>): void {
    running.add(work);
    void work.finally(() => running.delete(work));
  }

  // Completions of jobs finishing at about the same time share a statement; several run at once, so
  // a lone job is completed at once. They may run beside a fetch: a fetch that starts before a
  // completion commits sees the slot still taken (it claims less, never more), and the completion
  // rings the loop to fetch again.
  const completions = new GroupCommit<JobAttempt>(
    async (jobs) => {
      await boss.complete(opts.queue, [...jobs]);
      return [];
    },
    { maxConcurrent: 4, maxGroup: 100 },
  );

  async function settle(job: JobAttempt, result: SlotResult): Promise<void> {
    try {
      if (result.status === 'failed') await boss.fail(opts.queue, job, result.output);
      else {
        if (result.after) track(result.after.catch(opts.onError));
        await completions.add(job);
      }
    } finally {
      // Settled, or left to lapse by heartbeat and be retried: either way no longer ours.
      held.delete(job.id);
    }
  }

  function begin(jobs: JobWithMetadata<T>[]): void {
    for (const j of jobs) held.set(j.id, { id: j.id, retryCount: j.retryCount });
    let results: readonly Promise<SlotResult>[];
    try {
      results = handle(jobs);
    } catch (err) {
      results = jobs.map(() => Promise.reject(err));
    }
    jobs.forEach((job, i) => {
      const attempt = held.get(job.id)!;
      track(
        (results[i] ?? Promise.reject(new Error('the handler answered no result for this job')))
          .catch((err: unknown): SlotResult => ({ status: 'failed', output: failureOutput(err) }))
          .then((result) => settle(attempt, result))
          .catch(opts.onError)
          .finally(ring),
      );
    });
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      const free = opts.capacity - held.size;
      if (free <= 0) {
        await nap(opts.backstopMs);
        rung = false;
        continue;
      }
      // A ring from here on (a job finishing, a NOTIFY) is news this fetch may not have seen.
      rung = false;
      const asked = Math.min(free, opts.maxFetch);
      let jobs: JobWithMetadata<T>[];
      try {
        jobs = await boss.fetch<T>(opts.queue, { batchSize: asked, groupConcurrency: opts.groupConcurrency, includeMetadata: true });
      } catch (err) {
        if (stopping) break;
        opts.onError(err);
        await nap(opts.backstopMs);
        continue;
      }
      if (jobs.length > 0) begin(jobs);
      if (jobs.length < asked) await nap(opts.backstopMs);
    }
  }

  const heartbeat = setInterval(() => {
    if (held.size === 0) return;
    boss.touch(opts.queue, [...held.values()]).catch(opts.onError);
  }, opts.heartbeatMs);
  heartbeat.unref();
  let doorbell: Doorbell | null = null;
  try {
    doorbell = await listenForJobs(boss, opts.queue, ring);
  } catch (err) {
    // Polling alone still delivers every job, later.
    opts.onError(err);
  }
  const looping = loop();

  return {
    async stop(timeoutMs: number) {
      stopping = true;
      ring();
      await looping;
      const deadline = Date.now() + timeoutMs;
      // Finishing a job can start its `after` work: wait again until nothing is left or time is up.
      while (running.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
        clearTimeout(timer);
      }
      clearInterval(heartbeat);
      await doorbell?.close().catch(opts.onError);
    },
  };
}
