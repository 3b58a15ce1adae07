import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Db } from '@/lib/db';
import { sendSubmitComments } from '@/lib/jobs/send';
import { lockIssue } from './issue-status';
import { imageInputSchema, mediaRow } from './media-input';

export const addCommentSchema = z.object({
  issueId: z.string().min(1),
  body: z.string().trim().min(1).max(10_000),
  visibility: z.enum(['PUBLIC', 'INTERNAL']).default('PUBLIC'),
  authorKind: z.enum(['CITIZEN', 'STAFF']),
  authorUserId: z.string().min(1).nullable().default(null),
  authorName: z.string().trim().min(1).max(200),
  image: imageInputSchema.nullable().default(null),
});

export type AddCommentInput = z.input<typeof addCommentSchema>;

/**
 * Adds a citizen or staff comment. A public comment on an integrated issue gets an outbox row in
 * the same transaction; it is sent at once when the issue is Acknowledged, else right after the
 * acknowledgment (submit-issue enqueues the drain under the same issue row lock, so none is lost
 * between the two).
 */
export async function addComment(db: Db, boss: PgBoss, raw: AddCommentInput): Promise<{ id: string; submissionId: string | null }> {
  const input = addCommentSchema.parse(raw);
  return db.$transaction(async (tx) => {
    await lockIssue(tx, input.issueId);
    const issue = await tx.issue.findUniqueOrThrow({ where: { id: input.issueId }, select: { id: true, organizationId: true, status: true } });
    const comment = await tx.comment.create({
      data: {
        issueId: issue.id,
        kind: 'COMMENT',
        visibility: input.visibility,
        authorKind: input.authorKind,
        authorUserId: input.authorUserId,
        authorName: input.authorName,
        body: input.body,
      },
      select: { id: true },
    });
    if (input.image) await tx.media.create({ data: { ...mediaRow(issue.organizationId, input.image), issueId: issue.id, commentId: comment.id } });
    if (input.visibility !== 'PUBLIC') return { id: comment.id, submissionId: null };

    const link = await tx.remoteLink.findFirst({ where: { issueId: issue.id, active: true }, select: { integrationId: true } });
    // Not linked yet: only an issue still on its way to Cityworks will be; otherwise nothing to send to.
    const pendingCreate = link
      ? null
      : await tx.submission.findFirst({ where: { issueId: issue.id, kind: 'ISSUE', state: { in: ['PENDING', 'IN_FLIGHT'] } }, select: { integrationId: true } });
    const integrationId = link?.integrationId ?? pendingCreate?.integrationId;
    if (!integrationId) return { id: comment.id, submissionId: null };

    const submission = await tx.submission.create({
      data: { integrationId, issueId: issue.id, commentId: comment.id, kind: 'COMMENT', idempotencyKey: `comment:${integrationId}:${comment.id}` },
      select: { id: true },
    });
    if (link && issue.status === 'ACKNOWLEDGED') await sendSubmitComments(tx, boss, { id: issue.id, integrationId });
    return { id: comment.id, submissionId: submission.id };
  });
}
