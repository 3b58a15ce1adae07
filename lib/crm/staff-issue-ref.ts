import type { Db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';

/** The issue behind `/issues/[number]` in the organization, or 404 (another organization's issue is indistinguishable from none). */
export async function issueIdFor(db: Db, organizationId: string, number: string): Promise<string> {
  const n = Number(number);
  if (!Number.isSafeInteger(n) || n <= 0) throw notFound('Issue');
  const issue = await db.issue.findFirst({ where: { organizationId, number: n }, select: { id: true } });
  if (!issue) throw notFound('Issue');
  return issue.id;
}
