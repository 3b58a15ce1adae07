import type { PgBoss } from 'pg-boss';
import type { Actor } from '@/lib/auth/roles';
import { audit } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { addComment } from './add-comment';
import { lockIssue, transitionIssue } from './issue-status';
import type { ImageInput } from './media-input';

/** A staff action the issue's state does not allow; the message says why. */
export class ActionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionRefused';
  }
}

export type StatusAction = 'close' | 'reopen';

interface SyncFacts {
  status: string;
  activeLink: { remoteKind: string; remoteId: string } | null;
  pendingCreate: boolean;
}

/**
 * The status actions staff may take (spec "Service Request Synchronization"): an issue Cityworks
 * owns (linked, or on its way) closes when Cityworks closes it, so only an issue handled locally
 * is closed here; a closed issue may be reopened locally.
 */
export function allowedStatusActions(f: SyncFacts): { action: StatusAction; allowed: boolean; reason: string | null }[] {
  const owned = f.activeLink ? `Cityworks ${f.activeLink.remoteId} owns this issue: it closes when the record closes there.` : f.pendingCreate ? 'The issue is on its way to Cityworks.' : null;
  return [
    { action: 'close', allowed: f.status === 'OPEN' && !owned, reason: owned ?? (f.status !== 'OPEN' ? 'Only an Open issue can be closed.' : null) },
    { action: 'reopen', allowed: f.status === 'CLOSED' && !f.activeLink, reason: f.status !== 'CLOSED' ? 'Only a Closed issue can be reopened.' : null },
  ];
}

async function syncFacts(tx: Parameters<Parameters<Db['$transaction']>[0]>[0], issueId: string): Promise<SyncFacts> {
  const issue = await tx.issue.findUniqueOrThrow({ where: { id: issueId }, select: { status: true } });
  const activeLink = await tx.remoteLink.findFirst({ where: { issueId, active: true }, select: { remoteKind: true, remoteId: true } });
  const pendingCreate = (await tx.submission.count({ where: { issueId, kind: 'ISSUE', state: { in: ['PENDING', 'IN_FLIGHT'] } } })) > 0;
  return { status: issue.status, activeLink, pendingCreate };
}

export async function staffDisplayName(db: Db, actor: Actor, organizationId: string): Promise<string> {
  const m = await db.membership.findUnique({ where: { userId_organizationId: { userId: actor.userId, organizationId } }, select: { displayName: true } });
  return m?.displayName?.trim() || actor.name;
}

export async function changeIssueStatus(db: Db, actor: Actor, organizationId: string, issueId: string, action: StatusAction): Promise<{ status: string }> {
  const who = await staffDisplayName(db, actor, organizationId);
  return db.$transaction(async (tx) => {
    await lockIssue(tx, issueId);
    const facts = await syncFacts(tx, issueId);
    const rule = allowedStatusActions(facts).find((a) => a.action === action)!;
    if (!rule.allowed) throw new ActionRefused(rule.reason ?? 'This action is not allowed now.');
    const to = action === 'close' ? 'CLOSED' : 'OPEN';
    if (!(await transitionIssue(tx, issueId, to))) throw new ActionRefused(`The issue cannot move from ${facts.status} to ${to}.`);
    if (to === 'OPEN') await tx.issue.update({ where: { id: issueId }, data: { closedAt: null } });
    await tx.comment.create({
      data: { issueId, kind: 'SYSTEM', visibility: 'PUBLIC', authorKind: 'STAFF', authorUserId: actor.userId, authorName: who, body: action === 'close' ? 'Closed by the city.' : 'Reopened by the city.' },
    });
    await audit(tx, actor, { organizationId, action: `issue.${action}`, entityType: 'Issue', entityId: issueId, changes: { status: { from: facts.status, to } } });
    return { status: to };
  });
}

export async function staffComment(
  db: Db,
  boss: PgBoss,
  actor: Actor,
  organizationId: string,
  issueId: string,
  input: { body: string; visibility: 'PUBLIC' | 'INTERNAL'; image: ImageInput | null },
): Promise<{ id: string; submissionId: string | null }> {
  return addComment(db, boss, {
    issueId,
    body: input.body,
    visibility: input.visibility,
    authorKind: 'STAFF',
    authorUserId: actor.userId,
    authorName: await staffDisplayName(db, actor, organizationId),
    image: input.image,
  });
}

export async function issueSyncFacts(db: Db, issueId: string): Promise<SyncFacts> {
  return db.$transaction((tx) => syncFacts(tx, issueId));
}
