import { NextResponse } from 'next/server';
import type { Db } from '@/lib/db';

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
}

/** Records an attempt; returns the seconds to wait when over the limit, else null. */
export async function takeRateLimitSlot(db: Db, policy: RateLimitPolicy, key: string, now = new Date()): Promise<number | null> {
  return (await takeRateLimitSlots(db, [{ policy, key }], now))?.waitSeconds ?? null;
}

/**
 * Several slots in order (a report's address slot, then its organization's): each is taken only
 * if every one before it was granted; the first refused one is returned with the seconds to wait,
 * or null when all were taken. Four round trips whatever the count: the locks on every bucket and
 * key (always in the given order, so two callers never wait on each other in a cycle), then one
 * statement that counts each window and records the granted hits. The count runs in a statement
 * of its own after the locks are held: a statement's snapshot is taken before it waits on a lock,
 * so counting in the locking statement could miss the hit of the caller it waited for.
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
  }));
  const lockKeys = rows.map((r) => `rate:${r.bucket}:${r.key}`);
  const nowUtc = now.toISOString();
  const counted = await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(${lockKeys}::text[]) AS l(k)`;
      // Prisma keeps timestamps as UTC without a zone: convert explicitly, whatever the session's TimeZone.
      return tx.$queryRaw<{ i: number; n: number; oldestMs: number | null }[]>`
        WITH slot AS (
          SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS s(i int, bucket text, key text, lim int, since timestamptz)),
        window_hits AS (
          SELECT slot.i, slot.lim, w.n, w.oldest
            FROM slot CROSS JOIN LATERAL (
              SELECT count(*)::int AS n, min(h."createdAt") AS oldest FROM (
                SELECT "createdAt" FROM "RateLimitHit"
                 WHERE bucket = slot.bucket AND key = slot.key AND "createdAt" >= (slot.since AT TIME ZONE 'UTC')
                 ORDER BY "createdAt" LIMIT slot.lim) h) w),
        first_refused AS (SELECT min(i) AS i FROM window_hits WHERE n >= lim),
        granted AS (
          INSERT INTO "RateLimitHit" (bucket, key, "createdAt")
          SELECT slot.bucket, slot.key, (${nowUtc}::timestamptz AT TIME ZONE 'UTC')
            FROM slot, first_refused WHERE first_refused.i IS NULL OR slot.i < first_refused.i
          RETURNING 1)
        SELECT w.i, w.n, (extract(epoch FROM (w.oldest AT TIME ZONE 'UTC')) * 1000)::float8 AS "oldestMs"
          FROM window_hits w ORDER BY w.i`;
    },
    // A burst queues on the locks; each holder is two short statements.
    { maxWait: 10_000, timeout: 10_000 },
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
