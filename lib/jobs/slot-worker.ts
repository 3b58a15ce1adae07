import type { GroupConcurrencyConfig, JobAttempt, JobWithMetadata, PgBoss } from 'pg-boss';
import { listenForJobs, type Doorbell } from './queue-doorbell';

/** A connection pg-boss runs statements on (its pool, or a transaction's client). */
export type BossDb = ReturnType<PgBoss['getDb']>;

/** Runs `work` in one database transaction: committed if it resolves, rolled back if it throws. */
export type TransactionRunner = <R>(work: (db: BossDb) => Promise<R>) => Promise<R>;

/**
 * What became of one job, as far as the queue is concerned. `after`: work that goes on once the
 * job has released its slot (recording what the job did); stop() waits for it too.
 */
export type SlotResult = { status: 'completed'; after?: Promise<void> } | { status: 'failed'; output: { message: string; name?: string } };

export interface SlotHandler<T, C> {
  /**
   * Runs in the transaction that claims the jobs, so what it writes commits with the claim (and
   * not at all if the claim does not). If it fails, the claim is made again without it and
   * `handle` gets nothing for those jobs.
   */
  claim?: (jobs: readonly JobWithMetadata<T>[], db: BossDb) => Promise<C>;
  /** Starts a fetched batch: one promise per job, in order, settling when that job is done. */
  handle: (jobs: readonly JobWithMetadata<T>[], claimed: C | undefined) => readonly Promise<SlotResult>[];
}

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
  /** Where the claiming transaction runs; pg-boss's own connection by default. */
  transaction?: TransactionRunner;
  onError: (err: unknown) => void;
}

export interface SlotWorker {
  /** Stops fetching, waits up to `timeoutMs` for the jobs in hand, and completes those that finished. */
  stop(timeoutMs: number): Promise<void>;
}

/** What pg-boss stores on a failed job, as a thrown error would leave it. */
export function failureOutput(err: unknown): { message: string; name?: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { message: String(err) };
}

/** A transaction on pg-boss's own connection, where its database offers one. */
function bossTransaction(boss: PgBoss): TransactionRunner | null {
  const db = boss.getDb();
  if (!db.beginTransaction) return null;
  const begin = db.beginTransaction.bind(db);
  return async (work) => {
    const tx = await begin();
    try {
      const result = await work(tx.db);
      await tx.commit();
      return result;
    } catch (err) {
      await tx.rollback();
      throw err;
    }
  };
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
 * free slot (see lib/jobs/queues.ts). Between a job's end and the next job on its slot there is
 * one commit: the loop's transaction completes the jobs that finished (so the fetch after it sees
 * their slots free), fetches, and runs the handler's `claim` on what it fetched. The loop sleeps
 * when a fetch comes back short (the queue is empty or its groups are full) until a job finishes,
 * a job is announced (pg-boss's NOTIFY, through listenForJobs), or the backstop passes.
 * Heartbeats of every held job are refreshed in one statement; failures go through pg-boss's
 * `fail`, which applies the queue's retry, backoff and dead-letter policy as for any worker. A
 * process killed mid-job leaves the job to lapse by heartbeat and be retried, as with pg-boss's
 * own worker.
 */
export async function startSlotWorker<T, C = never>(boss: PgBoss, opts: SlotWorkerOptions, handler: SlotHandler<T, C>): Promise<SlotWorker> {
  /** Claimed and not yet completed or failed in pg-boss. */
  const held = new Map<string, JobAttempt>();
  /** Done, to be completed with the next fetch. */
  let finished: JobAttempt[] = [];
  const running = new Set<Promise<void>>();
  const transaction = opts.transaction ?? bossTransaction(boss);
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

  async function settle(job: JobAttempt, result: SlotResult): Promise<void> {
    if (result.status === 'failed') {
      try {
        await boss.fail(opts.queue, job, result.output);
      } finally {
        // Failed, or left to lapse by heartbeat and be retried: either way no longer ours.
        held.delete(job.id);
      }
      return;
    }
    if (result.after) track(result.after.catch(opts.onError));
    finished.push(job);
  }

  function begin(jobs: JobWithMetadata<T>[], claimed: C | undefined): void {
    for (const j of jobs) held.set(j.id, { id: j.id, retryCount: j.retryCount });
    let results: readonly Promise<SlotResult>[];
    try {
      results = handler.handle(jobs, claimed);
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

  /** Completes `done`, fetches up to `asked` and claims them: one transaction where there is a runner. */
  async function completeAndFetch(done: JobAttempt[], asked: number, withClaim: boolean): Promise<{ jobs: JobWithMetadata<T>[]; claimed: C | undefined }> {
    const fetchOptions = { batchSize: asked, groupConcurrency: opts.groupConcurrency, includeMetadata: true } as const;
    const step = async (db: BossDb | undefined) => {
      const on = db ? { db } : {};
      if (done.length > 0) await boss.complete(opts.queue, done, null, on);
      const jobs = asked > 0 ? await boss.fetch<T>(opts.queue, { ...fetchOptions, ...on }) : [];
      const claimed = db && withClaim && handler.claim && jobs.length > 0 ? await handler.claim(jobs, db) : undefined;
      return { jobs, claimed };
    };
    return transaction ? transaction((db) => step(db)) : step(undefined);
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      const done = finished;
      const free = opts.capacity - held.size + done.length;
      if (done.length === 0 && free <= 0) {
        await nap(opts.backstopMs);
        rung = false;
        continue;
      }
      finished = [];
      // A ring from here on (a job finishing, a NOTIFY) is news this fetch may not have seen.
      rung = false;
      const asked = Math.min(free, opts.maxFetch);
      let fetched: { jobs: JobWithMetadata<T>[]; claimed: C | undefined };
      try {
        fetched = await completeAndFetch(done, asked, true).catch(async (err: unknown) => {
          if (!handler.claim) throw err;
          // Perhaps the claim: the whole transaction rolled back, so make it again without one
          // (the handler then does that work itself).
          opts.onError(err);
          return completeAndFetch(done, asked, false);
        });
      } catch (err) {
        finished = [...done, ...finished];
        if (stopping) break;
        opts.onError(err);
        await nap(opts.backstopMs);
        continue;
      }
      for (const d of done) held.delete(d.id);
      if (fetched.jobs.length > 0) begin(fetched.jobs, fetched.claimed);
      if (fetched.jobs.length < asked) await nap(opts.backstopMs);
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
      if (finished.length > 0) await boss.complete(opts.queue, finished.splice(0)).catch(opts.onError);
      await doorbell?.close().catch(opts.onError);
    },
  };
}
