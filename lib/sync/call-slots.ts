import pg from 'pg';
import { sqlStateOf } from '@/lib/database/sql-state';

/**
 * One budget of concurrent Cityworks calls per integration (its `maxConcurrentCalls`), shared by
 * every worker process and every kind of job: submissions, comment drains and the inbound
 * streams alike.
 *
 * Why not pg-boss's groups alone: a group bounds the active jobs of one queue, so the submit queue,
 * the comment queue and each inbound stream each had their own limit (the emulator saw 9-10 calls
 * at once under a limit of 8), and a job holding a group slot through its own commits kept the
 * slot idle between calls (at 50 ms a call, a quarter of the ceiling went to the hand-off).
 *
 * A call slot is a PostgreSQL advisory lock, `slot n` of the integration for n below its limit,
 * held by this process's own connection. Advisory locks take no row and write no WAL, and they
 * vanish with the session: a worker that dies gives its slots back at once. A process keeps a
 * slot it holds and hands it straight to the next of its own calls waiting for one (no round
 * trip), keeps an idle slot for `lingerMs` in case another call comes (a stream's calls come one
 * after another), and then gives it back with a NOTIFY, so a process whose calls wait for a slot
 * held elsewhere tries again at once. A slot freed without a word (a process that died) is found
 * by trying again every `retryMs`.
 *
 * If the connection is lost, PostgreSQL has released the locks: the calls already under way go on
 * without a slot (at most one limit's worth, once) and new calls take slots on a new connection.
 */

/** Gives a call's slot back (idempotent): call it when the answer has been read or the call failed. */
export type ReleaseSlot = () => void;

/** A connection that stays with us: session-level advisory locks belong to it. */
export interface SlotConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: { ok: boolean }[] }>;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'notification', listener: (msg: { channel: string; payload?: string }) => void): unknown;
  end(): Promise<void>;
}

export interface CallSlotsOptions {
  connect: () => Promise<SlotConnection>;
  /** How long an idle slot is kept before it goes back to the database. */
  lingerMs?: number;
  /** How long to wait before trying again when other processes hold every slot. */
  retryMs?: number;
  onError?: (err: unknown) => void;
}

interface Slot {
  n: number;
  busy: boolean;
  idleTimer?: NodeJS.Timeout;
}

interface Waiter {
  limit: number;
  give: (slot: Slot) => void;
  fail: (err: Error) => void;
}

interface Budget {
  /** The limit the latest call asked with: after a settings change, the new one. */
  limit: number;
  /** Slots this process holds (its advisory locks), busy or idle. */
  slots: Map<number, Slot>;
  /** Slot numbers being locked right now. */
  trying: Set<number>;
  /** Lock scans under way. */
  scanning: number;
  waiters: Waiter[];
  retryTimer?: NodeJS.Timeout;
}

// One key per integration ($1) and slot number ($2), in the 64-bit advisory key space.
const SLOT_KEY = `hashtextextended('civic-bridge call slot ' || $1::text || ' ' || $2::int, 0)`;
/** Where a freed slot is announced, with the integration id as payload. */
const FREED_CHANNEL = 'civic_bridge_call_slot_freed';
const LOCK_SQL = `SELECT pg_try_advisory_lock(${SLOT_KEY}) AS ok`;
const UNLOCK_SQL = `SELECT pg_advisory_unlock(${SLOT_KEY}) AS ok, pg_notify('${FREED_CHANNEL}', $1::text)`;

export class CallSlotsClosedError extends Error {
  override readonly name = 'CallSlotsClosedError';
}

export class CallSlots {
  private readonly budgets = new Map<string, Budget>();
  private connection: Promise<SlotConnection> | null = null;
  /** The statements on the connection, one after another (pg wants one query at a time per client). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly lingerMs: number;
  private readonly retryMs: number;

  constructor(private readonly opts: CallSlotsOptions) {
    this.lingerMs = opts.lingerMs ?? 25;
    this.retryMs = opts.retryMs ?? 250;
  }

  /** Waits for one of the integration's `limit` slots; resolves with its release. */
  acquire(integrationId: string, limit: number): Promise<ReleaseSlot> {
    if (this.closed) return Promise.reject(new CallSlotsClosedError('The call slots are closed'));
    const budget = this.budget(integrationId, limit);
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { limit, give: (slot) => resolve(this.releaser(integrationId, budget, slot)), fail: reject };
      const idle = [...budget.slots.values()].find((s) => !s.busy && s.n < limit);
      if (idle && budget.waiters.length === 0) return this.give(idle, waiter);
      budget.waiters.push(waiter);
      this.pump(integrationId, budget);
    });
  }

  /** Slots this process holds for the integration, busy or idle (tests and diagnostics). */
  held(integrationId: string): { busy: number; idle: number } {
    const slots = [...(this.budgets.get(integrationId)?.slots.values() ?? [])];
    return { busy: slots.filter((s) => s.busy).length, idle: slots.filter((s) => !s.busy).length };
  }

  /** Fails the waiting calls and ends the connection, which gives every slot back. */
  async close(): Promise<void> {
    this.closed = true;
    for (const budget of this.budgets.values()) {
      clearTimeout(budget.retryTimer);
      for (const s of budget.slots.values()) clearTimeout(s.idleTimer);
      for (const w of budget.waiters.splice(0)) w.fail(new CallSlotsClosedError('The call slots are closed'));
      budget.slots.clear();
    }
    const connection = this.connection;
    this.connection = null;
    if (connection) await connection.then((c) => c.end()).catch(() => undefined);
  }

  private budget(integrationId: string, limit: number): Budget {
    let budget = this.budgets.get(integrationId);
    if (budget) budget.limit = limit;
    if (!budget) {
      budget = { limit, slots: new Map(), trying: new Set(), scanning: 0, waiters: [] };
      this.budgets.set(integrationId, budget);
    }
    return budget;
  }

  private give(slot: Slot, waiter: Waiter): void {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    slot.busy = true;
    waiter.give(slot);
  }

  private releaser(integrationId: string, budget: Budget, slot: Slot): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(integrationId, budget, slot);
    };
  }

  /** A slot's call is done: the next waiting call gets it, or it idles, or (above the limit) it goes back. */
  private release(integrationId: string, budget: Budget, slot: Slot): void {
    const limit = budget.limit;
    // A slot from before a lost connection: the database released it already.
    if (budget.slots.get(slot.n) !== slot || this.closed) return this.pump(integrationId, budget);
    slot.busy = false;
    const next = budget.waiters.findIndex((w) => slot.n < w.limit);
    if (slot.n < limit && next >= 0) return this.give(slot, budget.waiters.splice(next, 1)[0]!);
    if (slot.n >= limit) return this.unlock(integrationId, budget, slot);
    slot.idleTimer = setTimeout(() => this.unlock(integrationId, budget, slot), this.lingerMs);
    slot.idleTimer.unref();
  }

  private unlock(integrationId: string, budget: Budget, slot: Slot): void {
    clearTimeout(slot.idleTimer);
    if (budget.slots.get(slot.n) !== slot || slot.busy) return;
    // Forgotten first: a lock of the same number is then sent after this unlock on the one connection.
    budget.slots.delete(slot.n);
    this.onConnection((c) => c.query(UNLOCK_SQL, [integrationId, slot.n])).catch((err: unknown) => this.opts.onError?.(err));
    this.pump(integrationId, budget);
  }

  /** Serves the waiting calls from idle slots, then locks new ones while the limit leaves room. */
  private pump(integrationId: string, budget: Budget): void {
    if (this.closed) return;
    for (let head = budget.waiters[0]; head; head = budget.waiters[0]) {
      const idle = [...budget.slots.values()].find((s) => !s.busy && s.n < head.limit);
      if (!idle) break;
      this.give(idle, budget.waiters.shift()!);
    }
    const head = budget.waiters[0];
    if (!head) return;
    const scans = Math.min(budget.waiters.length, head.limit - budget.slots.size) - budget.scanning;
    for (let i = 0; i < scans; i++) {
      budget.scanning++;
      void this.scan(integrationId, budget, head.limit).finally(() => budget.scanning--);
    }
  }

  /**
   * Tries the slot numbers this process does not hold, lowest first, until one locks; with none
   * free (other processes hold them), tries again later.
   */
  private async scan(integrationId: string, budget: Budget, limit: number): Promise<void> {
    for (let n = 0; n < limit; n++) {
      if (budget.slots.has(n) || budget.trying.has(n)) continue;
      budget.trying.add(n);
      let locked: boolean;
      try {
        locked = (await this.onConnection((c) => c.query(LOCK_SQL, [integrationId, n]))).rows[0]?.ok === true;
      } catch (err) {
        this.opts.onError?.(err);
        return this.retryLater(integrationId, budget);
      } finally {
        budget.trying.delete(n);
      }
      if (!locked) continue;
      const slot: Slot = { n, busy: true };
      budget.slots.set(n, slot);
      // Taken for the first waiting call it can serve, or kept idle for a while like any freed slot.
      this.release(integrationId, budget, slot);
      return;
    }
    this.retryLater(integrationId, budget);
  }

  private retryLater(integrationId: string, budget: Budget): void {
    if (budget.retryTimer || budget.waiters.length === 0 || this.closed) return;
    budget.retryTimer = setTimeout(() => {
      budget.retryTimer = undefined;
      this.pump(integrationId, budget);
    }, this.retryMs);
    budget.retryTimer.unref();
  }

  private async onConnection<R>(work: (c: SlotConnection) => Promise<R>): Promise<R> {
    if (!this.connection) {
      const connecting = this.opts.connect().then(async (c) => {
        c.on('error', (err) => this.lost(connecting, err));
        c.on('notification', (msg) => {
          const budget = msg.channel === FREED_CHANNEL && msg.payload ? this.budgets.get(msg.payload) : undefined;
          if (budget && budget.waiters.length > 0) this.pump(msg.payload!, budget);
        });
        try {
          await c.query(`LISTEN ${FREED_CHANNEL}`);
        } catch (err) {
          await c.end().catch(() => undefined);
          throw err;
        }
        return c;
      });
      this.connection = connecting;
      connecting.catch(() => {
        if (this.connection === connecting) this.connection = null;
      });
    }
    const connection = this.connection;
    const run = this.queue.then(async () => work(await connection));
    this.queue = run.catch(() => undefined);
    try {
      return await run;
    } catch (err) {
      // A broken session has lost its locks with it: start over on a new one.
      if (isConnectionError(err)) this.lost(connection, err);
      throw err;
    }
  }

  private lost(connection: Promise<SlotConnection>, err: unknown): void {
    if (this.connection !== connection) return;
    this.connection = null;
    void connection.then((c) => c.end()).catch(() => undefined);
    this.opts.onError?.(err);
    for (const [integrationId, budget] of this.budgets) {
      for (const s of budget.slots.values()) clearTimeout(s.idleTimer);
      budget.slots.clear();
      this.pump(integrationId, budget);
    }
  }
}

/**
 * Errors that mean the session itself is gone (not a refused statement): SQLSTATE class 08 or an
 * administrator's shutdown (57P01-57P03), or node-postgres's own word for a dead socket.
 */
function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const state = sqlStateOf(err);
  if (state && /^(08|57P0)/.test(state)) return true;
  return /Connection terminated|Client has encountered a connection error|not queryable|ECONNRESET|EPIPE/i.test(err.message);
}

/** A connection of its own from the pool's settings (not a pooled client: it lives as long as the slots). */
export function slotConnectionFrom(pool: pg.Pool): () => Promise<SlotConnection> {
  return async () => {
    const client = new pg.Client({ ...pool.options, application_name: 'civic-bridge call slots' } as pg.ClientConfig);
    await client.connect();
    return client as unknown as SlotConnection;
  };
}
