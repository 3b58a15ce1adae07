import type { PgBoss } from 'pg-boss';
import type { Actor } from '@/lib/auth/roles';
import { audit } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { sendSubmitIssue } from '@/lib/jobs/send';
import { lockIssue } from './issue-status';
import { issueIdempotencyKey } from './create-issue';
import { ActionRefused, staffDisplayName } from './staff-actions';

export interface RecategorizeResult {
  /** What happened, as written on the timeline. */
  decision: 'submitted' | 'local';
  submissionId: string | null;
  note: string;
}

/**
 * Moves an Open issue to another category, routed by that category: submitted through its
 * integration if it has one, handled locally if not. A linked remote record is never left
 * silent: an Acknowledged issue (active link) is refused with the reason; an Open issue whose
 * link a remote cancel ended starts a new submission and the note names the ended record. The
 * previous category's answers no longer apply and leave the issue; the note keeps them.
 */
export async function recategorizeIssue(db: Db, boss: PgBoss, actor: Actor, organizationId: string, issueId: string, requestTypeId: string): Promise<RecategorizeResult> {
  const who = await staffDisplayName(db, actor, organizationId);
  return db.$transaction(async (tx) => {
    await lockIssue(tx, issueId);
    const issue = await tx.issue.findFirstOrThrow({
      where: { id: issueId, organizationId },
      select: {
        status: true,
        requestType: { select: { id: true, name: true, displayName: true } },
        answers: { select: { value: true, question: { select: { text: true, sequence: true } } } },
        remoteLinks: { select: { active: true, remoteKind: true, remoteId: true, endedReason: true } },
        submissions: { where: { kind: 'ISSUE' }, select: { id: true, state: true, integrationId: true } },
      },
    });
    const target = await tx.requestType.findFirst({
      where: { id: requestTypeId, organizationId },
      select: { id: true, name: true, displayName: true, integrationId: true, remoteKind: true, remoteCode: true, integration: { select: { enabled: true, name: true } } },
    });
    if (!target) throw new ActionRefused('That category does not exist.');
    if (issue.requestType?.id === target.id) throw new ActionRefused('The issue is already in that category.');
    const active = issue.remoteLinks.find((l) => l.active);
    if (active) {
      throw new ActionRefused(
        `Cityworks ${active.remoteId} holds this issue: moving it would leave that record working the old category. Ask the city to cancel it in Cityworks first; the issue then returns to Open and can be moved.`,
      );
    }
    if (issue.status !== 'OPEN') throw new ActionRefused('Only an Open issue can be moved to another category.');
    if (issue.submissions.some((s) => s.state === 'IN_FLIGHT')) throw new ActionRefused('The issue is being sent to Cityworks right now; try again in a moment.');

    const fromName = issue.requestType ? (issue.requestType.displayName ?? issue.requestType.name) : 'no category';
    const toName = target.displayName ?? target.name;
    const lines = [`Moved from ${fromName} to ${toName} by ${who}.`];
    // A create still waiting for the old category is withdrawn; the new category decides what is sent.
    const withdrawn = issue.submissions.filter((s) => s.state === 'PENDING');
    if (withdrawn.length > 0) {
      await tx.submission.updateMany({ where: { id: { in: withdrawn.map((s) => s.id) } }, data: { state: 'SKIPPED', lastError: 'Recategorized before it was sent', completedAt: new Date() } });
      lines.push('The pending submission for the old category was withdrawn.');
    }
    for (const ended of issue.remoteLinks) lines.push(`Earlier Cityworks record ${ended.remoteId} stays ended (${ended.endedReason ?? 'no longer active'}); it is not reused.`);
    if (issue.answers.length > 0) {
      const old = issue.answers.sort((a, b) => a.question.sequence - b.question.sequence).map((a) => `${a.question.text}: ${a.value}`);
      lines.push(`Answers to the old category's questions, removed from the issue: ${old.join('; ')}`);
      await tx.issueAnswer.deleteMany({ where: { issueId } });
    }
    await tx.issue.update({ where: { id: issueId }, data: { requestTypeId: target.id } });

    const integrated = target.integrationId && target.remoteKind && target.remoteCode && target.integration?.enabled;
    let submissionId: string | null = null;
    if (integrated && target.integrationId) {
      // One outbox key per issue, integration and submission round: a new record after a cancel is a new round.
      const round = issue.submissions.filter((s) => s.integrationId === target.integrationId).length;
      const key = round === 0 ? issueIdempotencyKey(issueId, target.integrationId) : `${issueIdempotencyKey(issueId, target.integrationId)}:${round + 1}`;
      const submission = await tx.submission.create({ data: { integrationId: target.integrationId, issueId, kind: 'ISSUE', idempotencyKey: key }, select: { id: true, integrationId: true } });
      await sendSubmitIssue(tx, boss, submission);
      submissionId = submission.id;
      lines.push(`Submitted to ${target.integration?.name ?? 'Cityworks'} as ${toName}.`);
    } else {
      lines.push(`${toName} has no integration: the issue is handled locally.`);
    }
    const note = lines.join('\n');
    await tx.comment.create({ data: { issueId, kind: 'SYSTEM', visibility: 'INTERNAL', authorKind: 'STAFF', authorUserId: actor.userId, authorName: who, body: note } });
    await tx.syncEvent.create({
      data: { issueId, integrationId: integrated ? target.integrationId : null, operation: 'recategorize', outcome: 'OK', message: note, details: { from: issue.requestType?.id ?? null, to: target.id, decision: integrated ? 'submitted' : 'local' } },
    });
    await audit(tx, actor, { organizationId, action: 'issue.recategorize', entityType: 'Issue', entityId: issueId, changes: { requestTypeId: { from: issue.requestType?.id ?? null, to: target.id } } });
    return { decision: integrated ? 'submitted' : 'local', submissionId, note };
  });
}
