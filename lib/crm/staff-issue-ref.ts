import type { Db } from '@/lib/db';
import { HttpError, notFound } from '@/lib/http/errors';
import { ActionRefused } from './staff-actions';

/** The issue behind `/issues/[number]` in the organization, or 404 (another organization's issue is indistinguishable from none). */
export async function issueIdFor(db: Db, organizationId: string, number: string): Promise<string> {
  const n = Number(number);
  if (!Number.isSafeInteger(n) || n <= 0) throw notFound('Issue');
  const issue = await db.issue.findFirst({ where: { organizationId, number: n }, select: { id: true } });
  if (!issue) throw notFound('Issue');
  return issue.id;
}

/** A refused staff action answers 409 with its reason. */
export function asHttp(err: unknown): unknown {
  return err instanceof ActionRefused ? new HttpError(409, 'refused', err.message) : err;
}
