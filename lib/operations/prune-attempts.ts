import type { Db } from '@/lib/db';

/** Sign-in attempts and rate-limit hits matter only inside their (minutes-long) windows; a day is ample. */
export const ATTEMPTS_KEPT_MS = 24 * 3600_000;

export async function pruneAttempts(db: Db, now = new Date()): Promise<{ loginAttempts: number; rateLimitHits: number; rateLimitSlices: number }> {
  const before = new Date(now.getTime() - ATTEMPTS_KEPT_MS);
  const [login, hits, slices] = await Promise.all([
    db.loginAttempt.deleteMany({ where: { createdAt: { lt: before } } }),
    db.rateLimitHit.deleteMany({ where: { createdAt: { lt: before } } }),
    db.rateLimitSlice.deleteMany({ where: { sliceStart: { lt: before } } }),
  ]);
  return { loginAttempts: login.count, rateLimitHits: hits.count, rateLimitSlices: slices.count };
}
