import type { Db } from '@/lib/db';

/**
 * Anonymous reports (web form and Open311) per organization and client address, over a sliding
 * window kept in the database so the limit holds across every web process. Counting and recording
 * are not one atomic step: under a burst a few extra reports may pass, which is acceptable for a
 * flood guard and cheaper than a lock per report.
 */
export const REPORTS_PER_WINDOW = 20;
export const REPORT_WINDOW_MS = 10 * 60_000;
const BUCKET = 'report';

/** Records an attempt; returns the seconds to wait when over the limit, else null. */
export async function takeReportSlot(db: Db, key: string, now = new Date()): Promise<number | null> {
  const since = new Date(now.getTime() - REPORT_WINDOW_MS);
  const recent = await db.rateLimitHit.findMany({
    where: { bucket: BUCKET, key, createdAt: { gte: since } },
    orderBy: { createdAt: 'asc' },
    take: REPORTS_PER_WINDOW,
    select: { createdAt: true },
  });
  if (recent.length >= REPORTS_PER_WINDOW) {
    return Math.max(1, Math.ceil((recent[0]!.createdAt.getTime() + REPORT_WINDOW_MS - now.getTime()) / 1000));
  }
  await db.rateLimitHit.create({ data: { bucket: BUCKET, key, createdAt: now } });
  return null;
}

export function clientAddress(req: Request): string {
  const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || req.headers.get('x-real-ip')?.trim() || 'local';
}
