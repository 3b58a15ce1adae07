import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { CallSlots, CallSlotsClosedError, type ReleaseSlot, type SlotConnection } from '@/lib/sync/call-slots';
import { waitFor } from '../support/wait-for';

/** A worker process's budget: its own CallSlots on its own connection, whose backend pid we keep. */
function processSlots(opts: { lingerMs?: number; retryMs?: number } = {}) {
  const pids: number[] = [];
  const slots = new CallSlots({
    connect: async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      pids.push((client as unknown as { processID: number }).processID);
      return client as unknown as SlotConnection;
    },
    lingerMs: opts.lingerMs ?? 20,
    retryMs: opts.retryMs ?? 10,
  });
  opened.push(slots);
  return { slots, pids };
}

const opened: CallSlots[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

/** Starts `n` acquisitions; `granted` lists the releases in the order the slots came. */
function ask(slots: CallSlots, integrationId: string, limit: number, n: number) {
  const granted: { i: number; release: ReleaseSlot }[] = [];
  // A call still waiting when the test ends is failed by close(): that is expected, not an error.
  const all = Array.from({ length: n }, (_, i) =>
    slots.acquire(integrationId, limit).then(
      (release) => granted.push({ i, release }),
      (err: unknown) => {
        if (!(err instanceof CallSlotsClosedError)) throw err;
      },
    ),
  );
  return { granted, all };
}

async function advisoryLocksHeld(): Promise<number> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`)).rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('call slots: one budget of concurrent calls per integration', () => {
  it('grants at most the limit at once in a process, hands a freed slot to the next waiting call in order, and gives idle slots back', async () => {
    const { slots } = processSlots();
    const { granted } = ask(slots, 'int-a', 3, 7);
    await waitFor(async () => granted.length === 3, 5_000);
    expect(slots.held('int-a')).toEqual({ busy: 3, idle: 0 });
    expect(await advisoryLocksHeld()).toBe(3);
    // The waiting calls are served in the order they asked, each as a slot frees.
    granted[0]!.release();
    await waitFor(async () => granted.length === 4, 5_000);
    expect(granted[3]!.i).toBe(3);
    expect(slots.held('int-a').busy).toBe(3);
    // Released twice: the second is a no-op, not a slot for two calls.
    granted[0]!.release();
    expect(granted.length).toBe(4);
    for (const g of granted.slice(1, 4)) g.release();
    await waitFor(async () => granted.length === 7, 5_000);
    expect(granted.map((g) => g.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const g of granted.slice(4)) g.release();
    // Idle past the linger, the slots go back to the database.
    await waitFor(async () => (await advisoryLocksHeld()) === 0, 5_000);
    expect(slots.held('int-a')).toEqual({ busy: 0, idle: 0 });
  });

  it('keeps integrations apart: a full budget of one does not hold up another', async () => {
    const { slots } = processSlots();
    const a = ask(slots, 'int-a', 1, 2);
    await waitFor(async () => a.granted.length === 1, 5_000);
    const b = ask(slots, 'int-b', 1, 1);
    await waitFor(async () => b.granted.length === 1, 5_000);
    expect(a.granted.length).toBe(1);
  });

  it('shares one limit between worker processes: a second process waits until the first gives a slot back, woken by its NOTIFY', async () => {
    const one = processSlots();
    // No retries within the test's deadlines: only the NOTIFY of a freed slot can wake it.
    const two = processSlots({ retryMs: 60_000 });
    const first = ask(one.slots, 'int-a', 2, 2);
    await waitFor(async () => first.granted.length === 2, 5_000);
    const second = ask(two.slots, 'int-a', 2, 2);
    // Both slots are the first process's locks: the second keeps trying and gets none.
    await waitFor(async () => (await advisoryLocksHeld()) === 2, 5_000);
    expect(second.granted.length).toBe(0);
    first.granted[0]!.release();
    await waitFor(async () => second.granted.length === 1, 5_000);
    expect(one.slots.held('int-a').busy + two.slots.held('int-a').busy).toBe(2);
    first.granted[1]!.release();
    await waitFor(async () => second.granted.length === 2, 5_000);
    expect(one.slots.held('int-a')).toEqual({ busy: 0, idle: 0 });
  });

  it('a process whose connection dies gives its slots back with it, and takes new ones on a new connection', async () => {
    const dying = processSlots();
    const other = processSlots();
    const held = ask(dying.slots, 'int-a', 2, 2);
    await waitFor(async () => held.granted.length === 2, 5_000);
    const waiting = ask(other.slots, 'int-a', 2, 1);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [dying.pids[0]]);
    } finally {
      await admin.end();
    }
    // PostgreSQL released the dead session's locks: the other process gets a slot.
    await waitFor(async () => waiting.granted.length === 1, 5_000);
    // The process forgot the lost slots and asks again on a fresh connection.
    await waitFor(async () => dying.slots.held('int-a').busy === 0, 5_000);
    const again = ask(dying.slots, 'int-a', 2, 1);
    await waitFor(async () => again.granted.length === 1, 5_000);
    expect(dying.pids).toHaveLength(2);
  });

  it('a lowered limit: a slot above it is given back when its call ends, not handed on', async () => {
    const { slots } = processSlots({ lingerMs: 60_000 });
    const wide = ask(slots, 'int-a', 3, 3);
    await waitFor(async () => wide.granted.length === 3, 5_000);
    const narrow = ask(slots, 'int-a', 1, 1);
    for (const g of wide.granted) g.release();
    await waitFor(async () => narrow.granted.length === 1, 5_000);
    // Slots 1 and 2 went back at once although the linger is a minute; slot 0 serves the new limit.
    await waitFor(async () => (await advisoryLocksHeld()) === 1, 5_000);
    expect(slots.held('int-a')).toEqual({ busy: 1, idle: 0 });
  });

  it('close fails the waiting calls and frees every slot', async () => {
    const { slots } = processSlots();
    const { granted } = ask(slots, 'int-a', 1, 1);
    await waitFor(async () => granted.length === 1, 5_000);
    const waiting = expect(slots.acquire('int-a', 1)).rejects.toBeInstanceOf(CallSlotsClosedError);
    await slots.close();
    await waiting;
    await expect(slots.acquire('int-a', 1)).rejects.toBeInstanceOf(CallSlotsClosedError);
    await waitFor(async () => (await advisoryLocksHeld()) === 0, 5_000);
  });
});
