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
  const since = new Date(now.getTime() - policy.windowMs);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`rate:${policy.bucket}:${key}`}, 0))`;
      const recent = await tx.rateLimitHit.findMany({
        where: { bucket: policy.bucket, key, createdAt: { gte: since } },
        orderBy: { createdAt: 'asc' },
        take: policy.limit,
        select: { createdAt: true },
      });
      if (recent.length >= policy.limit) {
        return Math.max(1, Math.ceil((recent[0]!.createdAt.getTime() + policy.windowMs - now.getTime()) / 1000));
      }
      await tx.rateLimitHit.create({ data: { bucket: policy.bucket, key, createdAt: now } });
      return null;
    },
    // A burst queues on the lock; each holder is two short statements.
    { maxWait: 10_000, timeout: 10_000 },
  );
}

/** The 429 a public route answers when `takeRateLimitSlot` says to wait, in the API's error shape. */
export function rateLimitedResponse(waitSeconds: number, message: string): Response {
  return NextResponse.json({ error: { code: 'rate_limited', message } }, { status: 429, headers: { 'retry-after': String(waitSeconds) } });
}
