import type { Db } from '@/lib/db';

/** The spec's archive rule: Closed for more than two weeks -> Archived. */
export const ARCHIVE_AFTER_MS = 14 * 24 * 3600_000;

export async function archiveClosed(db: Db, opts: { now?: Date; organizationId?: string } = {}): Promise<{ archived: number }> {
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - ARCHIVE_AFTER_MS);
  const { count } = await db.issue.updateMany({
    where: { status: 'CLOSED', closedAt: { lt: cutoff }, ...(opts.organizationId ? { organizationId: opts.organizationId } : {}) },
    data: { status: 'ARCHIVED', archivedAt: now },
  });
  return { archived: count };
}
