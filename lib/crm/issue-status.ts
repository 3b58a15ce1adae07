import type { IssueStatus } from '@/generated/prisma/enums';
import type { Prisma } from '@/lib/db';

type Tx = Prisma.TransactionClient;

/**
 * The local status machine (spec "Service Request Synchronization"):
 *   OPEN -> ACKNOWLEDGED      the remote record exists
 *   ACKNOWLEDGED -> CLOSED    the remote record closed
 *   ACKNOWLEDGED -> OPEN      the remote record was canceled
 *   CLOSED -> ARCHIVED        closed for more than two weeks
 */
const ALLOWED: Record<IssueStatus, readonly IssueStatus[]> = {
  OPEN: ['ACKNOWLEDGED', 'CLOSED'],
  ACKNOWLEDGED: ['CLOSED', 'OPEN'],
  CLOSED: ['ARCHIVED', 'OPEN'],
  ARCHIVED: [],
};

export function canTransition(from: IssueStatus, to: IssueStatus): boolean {
  return ALLOWED[from].includes(to);
}

/**
 * Moves the issue to `to` when the machine allows it from its current status; returns whether it
 * moved. The caller holds the issue row lock (lockIssue) so the read and the write agree.
 */
export async function transitionIssue(tx: Tx, issueId: string, to: IssueStatus, at = new Date()): Promise<boolean> {
  const issue = await tx.issue.findUniqueOrThrow({ where: { id: issueId }, select: { status: true } });
  if (!canTransition(issue.status, to)) return false;
  await tx.issue.update({
    where: { id: issueId },
    data: {
      status: to,
      ...(to === 'ACKNOWLEDGED' ? { acknowledgedAt: at } : {}),
      ...(to === 'CLOSED' ? { closedAt: at } : {}),
      ...(to === 'ARCHIVED' ? { archivedAt: at } : {}),
    },
  });
  return true;
}

/** Locks the issue row for the rest of the transaction: status changes and comment outboxing serialize on it. */
export async function lockIssue(tx: Tx, issueId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Issue" WHERE id = ${issueId} FOR UPDATE`;
}

/**
 * The statuses an issue may be acknowledged from, for statements that move many issues in SQL
 * (submit-issue's acknowledging statement locks them in id order and moves those listed here).
 */
export const ACKNOWLEDGEABLE_STATUSES: readonly IssueStatus[] = (Object.keys(ALLOWED) as IssueStatus[]).filter((from) => canTransition(from, 'ACKNOWLEDGED'));
