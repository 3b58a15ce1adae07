import { NextResponse } from 'next/server';
import type { Db } from '@/lib/db';

/**
 * Sliding-window limits for anonymous public routes, kept in the database (RateLimitHit) so a
 * limit holds across every web process. Counting and recording are not one atomic step: under a
 * burst a few extra requests may pass, which is acceptable for a flood guard and cheaper than a
 * lock per request. The nightly prune drops day-old hits of every bucket.
 */
export interface RateLimitPolicy {
  bucket: string;
  limit: number;
  windowMs: number;
}

/** Records an attempt; returns the seconds to wait when over the limit, else null. */
export async function takeRateLimitSlot(db: Db, policy: RateLimitPolicy, key: string, now = new Date()): Promise<number | null> {
  const since = new Date(now.getTime() - policy.windowMs);
  const recent = await db.rateLimitHit.findMany({
    where: { bucket: policy.bucket, key, createdAt: { gte: since } },
    orderBy: { createdAt: 'asc' },
    take: policy.limit,
    select: { createdAt: true },
  });
  if (recent.length >= policy.limit) {
    return Math.max(1, Math.ceil((recent[0]!.createdAt.getTime() + policy.windowMs - now.getTime()) / 1000));
  }
  await db.rateLimitHit.create({ data: { bucket: policy.bucket, key, createdAt: now } });
  return null;
}

/** The client's address as the reverse proxy reports it; 'local' when there is none. */
export function clientAddress(req: Request): string {
  const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || req.headers.get('x-real-ip')?.trim() || 'local';
}

/** The 429 a public route answers when `takeRateLimitSlot` says to wait, in the API's error shape. */
export function rateLimitedResponse(waitSeconds: number, message: string): Response {
  return NextResponse.json({ error: { code: 'rate_limited', message } }, { status: 429, headers: { 'retry-after': String(waitSeconds) } });
}
