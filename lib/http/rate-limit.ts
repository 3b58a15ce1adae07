import { NextResponse } from 'next/server';
import { poolOf, type Db } from '@/lib/db';
import { namedQuery } from '@/lib/database/pg-transaction';

/**
 * Sliding-window limits for anonymous public routes, kept in the database (RateLimitHit) so a
 * limit holds across every web process. Counting and recording happen under a transaction-scoped
 * advisory lock on the bucket and key, so a parallel burst cannot all pass the count before any of
 * them is recorded. The nightly prune drops day-old hits of every bucket.
 */
export interface RateLimitPolicy {
  bucket: string;
  limit: number;
  windowMs: number;
  /**
   * Count in slices of this length (RateLimitSlice, one row per slice) instead of one row per hit:
   * for a high limit, whose count would otherwise read up to `limit` rows on every hit. A hit then
   * counts from its slice's start until one window after its slice's end (never less than the
   * window), and the wait is until the oldest slice stops counting.
   */
  sliceMs?: number;
}

/** Records an attempt; returns the seconds to wait when over the limit, else null. */
export async function takeRateLimitSlot(db: Db, policy: RateLimitPolicy, key: string, now = new Date()): Promise<number | null> {
  return (await takeRateLimitSlots(db, [{ policy, key }], now))?.waitSeconds ?? null;
}

/**
 * Several slots in order (a report's address slot, then its organization's): each is taken only
 * if every one before it was granted; the first refused one is returned with the seconds to wait,
 * or null when all were taken. One round trip whatever the count of slots: the database function
 * take_rate_limit_slots (migration 20261130103844) locks, counts and records each slot in turn
 * under a transaction-scoped advisory lock on its bucket and key, counting in a statement of its
 * own after the lock is held (a statement's snapshot is taken before it waits on a lock, so
 * counting in the locking statement could miss the hit of the caller it waited for). It runs as
 * its own transaction: the locks are released at its commit inside PostgreSQL, never held while
 * this process is busy with other requests.
 */
export async function takeRateLimitSlots(
  db: Db,
  slots: readonly { policy: RateLimitPolicy; key: string }[],
  now = new Date(),
): Promise<{ index: number; waitSeconds: number } | null> {
  if (slots.length === 0) return null;
  const rows = slots.map((s, i) => ({
    i,
    bucket: s.policy.bucket,
    key: s.key,
    lim: s.policy.limit,
    since: new Date(now.getTime() - s.policy.windowMs).toISOString(),
    slice_ms: s.policy.sliceMs ?? null,
  }));
  // On the pool, not Prisma: every report pays this statement (lib/db.ts poolOf). A statement on
  // the pool is its own transaction, so the function may commit it without waiting for the WAL
  // flush (own_transaction = true; lost hits after a database crash only forgive a few of a
  // flood's attempts). The function converts the times explicitly, whatever the session's TimeZone.
  const { rows: counted } = await namedQuery<{ i: number; n: number; oldestMs: number | null }>(
    poolOf(db),
    'SELECT i, n, "oldestMs" FROM take_rate_limit_slots($1::json, $2::timestamptz, true)',
    [JSON.stringify(rows), now.toISOString()],
  );
  for (const r of counted) {
    const policy = slots[r.i]!.policy;
    if (r.n >= policy.limit) {
      const oldest = r.oldestMs ?? now.getTime();
      return { index: r.i, waitSeconds: Math.max(1, Math.ceil((oldest + policy.windowMs - now.getTime()) / 1000)) };
    }
  }
  return null;
}

/** The 429 a public route answers when `takeRateLimitSlot` says to wait, in the API's error shape. */
export function rateLimitedResponse(waitSeconds: number, message: string): Response {
  return NextResponse.json({ error: { code: 'rate_limited', message } }, { status: 429, headers: { 'retry-after': String(waitSeconds) } });
}
