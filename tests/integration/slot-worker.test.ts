import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { db } from '@/lib/db';
import { createBoss } from '@/lib/jobs/boss';
import { startSlotWorker, type SlotResult, type SlotWorker } from '@/lib/jobs/slot-worker';
import { waitFor } from '../support/wait-for';

/**
 * The submit queue's consumer (lib/jobs/slot-worker.ts) on a real pg-boss: a job frees its slot
 * when it is done, whatever the others are doing; the group limit holds; a NOTIFY wakes it; a
 * failure goes through pg-boss's retry policy; stop() finishes what is in hand.
 */
let boss: PgBoss;
const errors: unknown[] = [];
beforeAll(async () => {
  boss = createBoss(process.env.DATABASE_URL!);
  boss.on('error', (err) => errors.push(err));
  await boss.start();
}, 30_000);
afterAll(async () => {
  await boss?.stop({ graceful: false, timeout: 2000 });
});

const TIERS = { default: 1, tiers: { c2: 2, c3: 3 } };

async function newQueue(): Promise<string> {
  const name = `slot-test-${randomUUID().slice(0, 8)}`;
  await boss.createQueue(name, { retryLimit: 1, retryDelay: 0, heartbeatSeconds: 10, expireInSeconds: 60, notify: true });
  return name;
}

async function jobState(queue: string, id: string): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text AS state FROM pgboss.job WHERE name = $1 AND id = $2::uuid`, queue, id);
  return rows[0]?.state ?? 'missing';
}

/** A promise with its resolver, so a test decides when a job's work ends. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('slot worker', () => {
  it('lets the other jobs of a group through while one is slow, never more at once than the group allows', async () => {
    const queue = await newQueue();
    const slow = gate();
    let active = 0;
    let peak = 0;
    const handled: string[] = [];
    const worker: SlotWorker = await startSlotWorker<{ n: number }>(
      boss,
      { queue, capacity: 10, maxFetch: 10, groupConcurrency: TIERS, heartbeatMs: 5000, backstopMs: 200, onError: (e) => errors.push(e) },
      {
        handle: (jobs) =>
        jobs.map(async (job): Promise<SlotResult> => {
          active++;
          peak = Math.max(peak, active);
          try {
            if (job.data.n === 0) await slow.promise;
            else await new Promise<void>((r) => setImmediate(r));
            handled.push(String(job.data.n));
            return { status: 'completed' };
          } finally {
            active--;
          }
        }),
      },
    );
    try {
      const group = { id: 'integration-a', tier: 'c2' };
      const first = await boss.send(queue, { n: 0 }, { group });
      for (let n = 1; n <= 12; n++) await boss.send(queue, { n }, { group });
      // Twelve jobs pass through the one free slot while the slow one holds the other.
      await waitFor(() => handled.length === 12, 15_000);
      expect(handled).not.toContain('0');
      expect(await jobState(queue, first!)).toBe('active');
      expect(peak).toBe(2);
      slow.open();
      await waitFor(async () => (await jobState(queue, first!)) === 'completed', 10_000);
    } finally {
      await worker.stop(2000);
    }
  });

  it('frees the slot when the job is done, while its after-work still runs, and stop() waits for that work', async () => {
    const queue = await newQueue();
    const recording = gate();
    let recorded = 0;
    const started: number[] = [];
    const worker = await startSlotWorker<{ n: number }>(
      boss,
      { queue, capacity: 10, maxFetch: 10, groupConcurrency: TIERS, heartbeatMs: 5000, backstopMs: 200, onError: (e) => errors.push(e) },
      {
        handle: (jobs) =>
          jobs.map(async (job): Promise<SlotResult> => {
            started.push(job.data.n);
            return { status: 'completed', after: recording.promise.then(() => void recorded++) };
          }),
      },
    );
    const group = { id: 'integration-b', tier: 'c1' };
    const ids = [await boss.send(queue, { n: 1 }, { group }), await boss.send(queue, { n: 2 }, { group })];
    // Limit 1: the second starts only once the first has released its slot, its after-work still pending.
    await waitFor(() => started.length === 2, 10_000);
    await waitFor(async () => (await jobState(queue, ids[0]!)) === 'completed', 10_000);
    expect(recorded).toBe(0);
    const stopping = worker.stop(10_000);
    recording.open();
    await stopping;
    expect(recorded).toBe(2);
    expect(await jobState(queue, ids[1]!)).toBe('completed');
  });

  it('wakes on a NOTIFY instead of waiting for its backstop', async () => {
    const queue = await newQueue();
    const seen: number[] = [];
    const worker = await startSlotWorker<{ n: number }>(
      boss,
      // A backstop far longer than the test: only the NOTIFY can bring the job in time.
      { queue, capacity: 4, maxFetch: 4, groupConcurrency: TIERS, heartbeatMs: 5000, backstopMs: 600_000, onError: (e) => errors.push(e) },
      { handle: (jobs) => jobs.map(async (job): Promise<SlotResult> => (seen.push(job.data.n), { status: 'completed' })) },
    );
    try {
      // A first job, completed by the loop's next fetch, which comes back empty: the loop is then
      // asleep on its backstop.
      const first = await boss.send(queue, { n: 1 }, { group: { id: 'integration-c', tier: 'c1' } });
      await waitFor(async () => (await jobState(queue, first!)) === 'completed', 10_000);
      await boss.send(queue, { n: 7 }, { group: { id: 'integration-c', tier: 'c1' } });
      await waitFor(() => seen.includes(7), 10_000);
    } finally {
      await worker.stop(2000);
    }
  });

  it('hands a failure to pg-boss, which retries it under the queue policy and then fails it with the output', async () => {
    const queue = await newQueue();
    let tries = 0;
    const worker = await startSlotWorker<{ n: number }>(
      boss,
      { queue, capacity: 4, maxFetch: 4, groupConcurrency: TIERS, heartbeatMs: 5000, backstopMs: 200, onError: (e) => errors.push(e) },
      { handle: (jobs) => jobs.map(async (): Promise<SlotResult> => (tries++, { status: 'failed', output: { name: 'TypeError', message: 'no such category' } })) },
    );
    try {
      const id = await boss.send(queue, { n: 1 }, { group: { id: 'integration-d', tier: 'c1' } });
      await waitFor(async () => (await jobState(queue, id!)) === 'failed', 15_000);
      // retryLimit 1: the first try and one retry.
      expect(tries).toBe(2);
      const job = await boss.getJobById(queue, id!);
      expect(job?.output).toMatchObject({ message: 'no such category' });
    } finally {
      await worker.stop(2000);
    }
  });

  it('fails the job when the handler throws instead of answering', async () => {
    const queue = await newQueue();
    const worker = await startSlotWorker<{ n: number }>(
      boss,
      { queue, capacity: 4, maxFetch: 4, groupConcurrency: TIERS, heartbeatMs: 5000, backstopMs: 200, onError: (e) => errors.push(e) },
      { handle: (jobs) => jobs.map(() => Promise.reject(new Error('handler exploded'))) },
    );
    try {
      const id = await boss.send(queue, { n: 1 }, { group: { id: 'integration-e', tier: 'c1' }, retryLimit: 0 });
      await waitFor(async () => (await jobState(queue, id!)) === 'failed', 15_000);
      expect((await boss.getJobById(queue, id!))?.output).toMatchObject({ message: 'handler exploded' });
    } finally {
      await worker.stop(2000);
    }
  });

  it('runs claim in the transaction that claims the jobs: its writes commit with the claim, and a failed claim leaves the job to run without it', async () => {
    const queue = await newQueue();
    await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS slot_claim_test (job_id uuid PRIMARY KEY, claimed_state text)`);
    const got: { n: number; claimed: string | undefined }[] = [];
    const worker = await startSlotWorker<{ n: number }, string>(
      boss,
      { queue, capacity: 4, maxFetch: 4, groupConcurrency: TIERS, heartbeatMs: 5000, backstopMs: 200, onError: (e) => errors.push(e) },
      {
        claim: async (jobs, tx) => {
          if (jobs.some((j) => j.data.n === 2)) throw new Error('claim refused');
          // Inside the claiming transaction the job is already active.
          for (const j of jobs) await tx.executeSql(`INSERT INTO slot_claim_test SELECT id, state::text FROM pgboss.job WHERE name = $1 AND id = $2::uuid`, [queue, j.id]);
          return 'claimed';
        },
        handle: (jobs, claimed) => jobs.map(async (job): Promise<SlotResult> => (got.push({ n: job.data.n, claimed }), { status: 'completed' })),
      },
    );
    try {
      const one = await boss.send(queue, { n: 1 }, { group: { id: 'integration-f', tier: 'c1' } });
      await waitFor(() => got.length === 1, 10_000);
      expect(got[0]).toEqual({ n: 1, claimed: 'claimed' });
      const rows = await db.$queryRawUnsafe<{ claimed_state: string }[]>(`SELECT claimed_state FROM slot_claim_test WHERE job_id = $1::uuid`, one);
      expect(rows).toEqual([{ claimed_state: 'active' }]);
      const errorsBefore = errors.length;
      const two = await boss.send(queue, { n: 2 }, { group: { id: 'integration-f', tier: 'c1' } });
      await waitFor(() => got.length === 2, 10_000);
      expect(got[1]).toEqual({ n: 2, claimed: undefined });
      expect(errors.slice(errorsBefore).map((e) => String(e))).toContain('Error: claim refused');
      await waitFor(async () => (await jobState(queue, two!)) === 'completed', 10_000);
    } finally {
      await worker.stop(2000);
    }
  });
});
