import type { Job } from 'pg-boss';
import { queues } from '@/lib/jobs/queues';
import { CallRecorder } from './call-recorder';
import { sendSubmitComments } from '@/lib/jobs/send';
import { integrationSession, withCallRecorder } from './session';
import { addRemoteAttachment, addRemoteComment, attachmentFileName, findRemoteAttachment, findRemoteComment } from './remote-target';
import { decide, holdReason, settleFailure } from './submission-outcome';
import type { SubmitDeps } from './submit-issue';

type SubmitCommentJob = Pick<Job<{ issueId: string; priorRetries?: number }>, 'data'> & { retryCount?: number };

/** The text Cityworks staff read: who wrote it, then what. */
export function remoteCommentText(comment: { authorName: string; body: string }): string {
  return `${comment.authorName}: ${comment.body}`;
}

/**
 * submit-comment: sends an Acknowledged issue's queued public comments to its remote record, in
 * the order they were made, each with its image as an attachment. One job drains the whole
 * issue (the queue allows one per issue at a time), so order holds whichever job runs.
 */
export async function submitComments(deps: SubmitDeps, job: SubmitCommentJob): Promise<void> {
  const { db } = deps;
  const issue = await db.issue.findUnique({ where: { id: job.data.issueId }, select: { id: true, status: true } });
  if (!issue) return;
  const link = await db.remoteLink.findFirst({ where: { issueId: issue.id, active: true }, include: { integration: true } });
  // Not acknowledged yet: submit-issue releases these comments once it is.
  if (!link || issue.status !== 'ACKNOWLEDGED') return;
  const integration = link.integration;
  const queued = await db.submission.findMany({
    where: { issueId: issue.id, kind: 'COMMENT', state: { in: ['PENDING', 'IN_FLIGHT'] } },
    orderBy: { createdAt: 'asc' },
    include: { comment: { include: { media: { orderBy: { createdAt: 'asc' }, select: { id: true, fileName: true, contentType: true, remoteAttachmentId: true } } } } },
  });
  if (queued.length === 0) return;
  const held = holdReason(integration);
  if (held) {
    await db.submission.updateMany({ where: { id: { in: queued.map((q) => q.id) } }, data: { state: 'PENDING', lastError: held, lastErrorClass: 'held' } });
    return;
  }
  const ref = { kind: link.remoteKind, remoteId: link.remoteId };
  for (const q of queued) {
    const comment = q.comment;
    if (!comment) {
      await db.submission.update({ where: { id: q.id }, data: { state: 'SKIPPED', completedAt: new Date() } });
      continue;
    }
    const s = await db.submission.update({ where: { id: q.id }, data: { state: 'IN_FLIGHT', attempts: { increment: 1 } }, select: { attempts: true } });
    const recorder = new CallRecorder(db, { integrationId: integration.id, issueId: issue.id, attempt: s.attempts });
    try {
      // Every Cityworks call of this attempt goes to its own timeline.
      await withCallRecorder(recorder.onCall, async () => {
        const cw = await integrationSession(db, integration, deps.fetch);
        const text = remoteCommentText(comment);
        if (!comment.remoteCommentId) {
          const found = s.attempts > 1 ? await findRemoteComment(cw, ref, text) : null;
          const remoteCommentId = found ?? (await addRemoteComment(cw, ref, text));
          // WO comments come back without an id; a marker still tells the poller this one is ours.
          await db.comment.update({ where: { id: comment.id }, data: { remoteCommentId: remoteCommentId ?? `sent:${q.id}` } });
        }
        for (const media of comment.media.filter((m) => !m.remoteAttachmentId)) {
          const filename = attachmentFileName(media);
          const existing = s.attempts > 1 ? await findRemoteAttachment(cw, ref, filename) : null;
          const bytes = existing ? null : await db.media.findUniqueOrThrow({ where: { id: media.id }, select: { data: true } });
          const attachmentId = existing ?? (await addRemoteAttachment(cw, ref, { bytes: new Uint8Array(bytes!.data), filename, contentType: media.contentType }));
          await db.media.update({ where: { id: media.id }, data: { remoteAttachmentId: attachmentId } });
        }
      });
      await db.submission.update({ where: { id: q.id }, data: { state: 'SUCCEEDED', completedAt: new Date(), remoteId: link.remoteId, lastError: null, lastErrorClass: null } });
      recorder.step({ operation: 'submit-comment', outcome: 'OK', message: `Comment sent to ${link.remoteId}.` });
    } catch (err) {
      const retryCount = (job.retryCount ?? 0) + (job.data.priorRetries ?? 0);
      const outcome = decide(err, retryCount, queues.submitComment.options.retryLimit ?? 0);
      const rethrow = await settleFailure(
        deps,
        {
          submissionId: q.id,
          integrationId: integration.id,
          issueId: issue.id,
          queue: queues.submitComment.name,
          operation: 'submit-comment',
          recorder,
          retryCount,
          backoff: queues.submitComment.options,
          resend: (tx, retry) => sendSubmitComments(tx, deps.boss, { id: issue.id, integrationId: integration.id }, retry),
        },
        outcome,
      );
      // Retry the drain from this comment on, so later ones never overtake it (a rescheduled drain
      // starts from it too); a dead one is skipped.
      if (rethrow) throw err;
      if (outcome.kind !== 'dead') return;
    } finally {
      await recorder.flush();
    }
  }
}
