import { createHash } from 'node:crypto';
import type { RemoteKind } from '@/generated/prisma/enums';
import type { Attachment, CommentRecord } from '@/lib/cityworks';
import type { Db } from '@/lib/db';
import { messageForStatus, renderMessage, type MessageVars } from '@/lib/integrations/messages';
import { recordFailure, recordSuccess, readCursor, reportProgress } from './cursors';
import { postIntegrationMessage } from '@/lib/crm/integration-messages';
import { lockIssue, transitionIssue } from '@/lib/crm/issue-status';
import { safeFileName, storedContentType } from '@/lib/crm/media-type';
import { CityworksError } from '@/lib/cityworks/errors';
import { TOO_LARGE_CODE } from '@/lib/cityworks/transport';
import { isMarkedPublic, publicText } from './inbound/public-prefix';
import { openRemote, type OpenRemoteOptions, type RemoteSession } from './inbound/remote-client';
import { fromServiceRequest, fromWorkOrder, observedValue, outcomeOf, type RemoteState } from './inbound/remote-state';

/**
 * Reads back every open remote record of an integration, in batches, and applies what changed:
 *   closed status   -> issue Closed, the closing message (per status, else default), link ended
 *   canceled status -> issue back to Open, the cancel message, link ended
 *   observed field  -> the activity message, once per change (RemoteLink.observedValue)
 *   comments        -> those starting with the public prefix, prefix stripped, deduplicated by id
 *   attachments     -> those whose comment has the prefix, as a public comment with the image
 * Cost grows with change, not size: per page of PAGE_SIZE links it makes one ByIds call, one
 * comments call and one attachments call (plus one download per new public image), never one call
 * per issue. Ended links are never polled again.
 */

export const PAGE_SIZE = 500;

export interface PollResult {
  linksPolled: number;
  closed: number;
  canceled: number;
  activity: number;
  comments: number;
  images: number;
  statusChanges: number;
  missing: number;
  remoteCalls: number;
}

interface LinkRow {
  id: string;
  issueId: string;
  remoteKind: RemoteKind;
  remoteId: string;
  remoteStatus: string | null;
  observedValue: string | null;
  issue: { number: number; requestType: { name: string; displayName: string | null } | null };
}

interface PageRemote {
  states: Map<string, RemoteState>;
  comments: Map<string, CommentRecord[]>;
  attachments: Map<string, Attachment[]>;
}

const KIND_LABEL: Record<RemoteKind, string> = { SERVICE_REQUEST: 'Service Request', WORK_ORDER: 'Work Order' };

/** Namespaces in Comment.remoteCommentId, so a comment id and an attachment id never collide. */
export const remoteCommentKey = (commentId: number) => String(commentId);
export const remoteAttachmentKey = (attachmentId: number) => `attachment:${attachmentId}`;

async function readPage(remote: RemoteSession, links: LinkRow[]): Promise<PageRemote> {
  const { client, settings } = remote;
  const states = new Map<string, RemoteState>();
  const comments = new Map<string, CommentRecord[]>();
  const attachments = new Map<string, Attachment[]>();
  const key = (kind: RemoteKind, id: string) => `${kind}:${id}`;

  const srIds = links.filter((l) => l.remoteKind === 'SERVICE_REQUEST').map((l) => Number(l.remoteId)).filter(Number.isInteger);
  if (srIds.length > 0) {
    for (const r of await client.serviceRequests.byIds(srIds)) states.set(key('SERVICE_REQUEST', String(r.requestId)), fromServiceRequest(r));
    if (settings.switches.importComments) {
      for (const [sid, list] of await client.comments.byActivitySids('request', srIds)) comments.set(key('SERVICE_REQUEST', String(sid)), list);
    }
    if (settings.switches.importImages) {
      for (const a of await client.attachments.requestAttachments(srIds)) {
        const k = key('SERVICE_REQUEST', String(a.ownerId));
        attachments.set(k, [...(attachments.get(k) ?? []), a]);
      }
    }
  }

  const woIds = links.filter((l) => l.remoteKind === 'WORK_ORDER').map((l) => l.remoteId);
  if (woIds.length > 0) {
    const workOrders = (await client.workOrders.byIds(woIds)).map(fromWorkOrder);
    const idBySid = new Map<number, string>();
    for (const w of workOrders) {
      states.set(key('WORK_ORDER', w.remoteId), w);
      if (w.activitySid !== null) idBySid.set(w.activitySid, w.remoteId);
    }
    if (settings.switches.importComments && idBySid.size > 0) {
      for (const [sid, list] of await client.comments.byActivitySids('work-order', [...idBySid.keys()])) {
        const id = idBySid.get(sid);
        if (id !== undefined) comments.set(key('WORK_ORDER', id), list);
      }
    }
    if (settings.switches.importImages) {
      for (const a of await client.attachments.workOrderAttachments({ workOrderIds: woIds })) {
        const id = a.workOrderId ?? (a.ownerId !== null ? idBySid.get(a.ownerId) : undefined);
        if (id === undefined) continue;
        const k = key('WORK_ORDER', id);
        attachments.set(k, [...(attachments.get(k) ?? []), a]);
      }
    }
  }
  return { states, comments, attachments };
}

export async function pollUpdates(db: Db, integrationId: string, opts: OpenRemoteOptions = {}): Promise<PollResult> {
  const startedAt = new Date();
  const result: PollResult = { linksPolled: 0, closed: 0, canceled: 0, activity: 0, comments: 0, images: 0, statusChanges: 0, missing: 0, remoteCalls: 0 };
  let remote: RemoteSession | undefined;
  try {
    remote = await openRemote(db, integrationId, opts);
    const r = remote;
    const { settings, integration } = r;
    const organization = await db.organization.findUniqueOrThrow({ where: { id: integration.organizationId }, select: { title: true } });
    const prefix = settings.publicCommentPrefix;
    const previous = await readCursor(db, integrationId, 'poll-updates');
    const total = await db.remoteLink.count({ where: { integrationId, environment: r.environment, active: true } });
    await reportProgress(db, integrationId, 'poll-updates', { state: 'running', startedAt: startedAt.toISOString(), done: 0, total, message: null });

    let afterId: string | undefined;
    for (;;) {
      const links: LinkRow[] = await db.remoteLink.findMany({
        where: { integrationId, environment: r.environment, active: true, ...(afterId ? { id: { gt: afterId } } : {}) },
        orderBy: { id: 'asc' },
        take: PAGE_SIZE,
        select: {
          id: true, issueId: true, remoteKind: true, remoteId: true, remoteStatus: true, observedValue: true,
          issue: { select: { number: true, requestType: { select: { name: true, displayName: true } } } },
        },
      });
      if (links.length === 0) break;
      afterId = links[links.length - 1]!.id;
      const page = await readPage(r, links);
      const known = await db.comment.findMany({
        where: { issueId: { in: links.map((l) => l.issueId) }, remoteCommentId: { not: null } },
        select: { issueId: true, remoteCommentId: true },
      });
      const imported = new Set(known.map((c) => `${c.issueId}|${c.remoteCommentId}`));
      const missing: string[] = [];

      for (const link of links) {
        const k = `${link.remoteKind}:${link.remoteId}`;
        const state = page.states.get(k);
        if (!state) {
          missing.push(link.remoteId);
          continue;
        }
        const vars: MessageVars = {
          remoteId: link.remoteId, remoteKind: KIND_LABEL[link.remoteKind], issueNumber: link.issue.number, organization: organization.title,
          category: link.issue.requestType?.displayName ?? link.issue.requestType?.name ?? '', status: state.status,
        };

        // Public remote comments first, so that a note written before closing precedes the closing message.
        const newComments = (page.comments.get(k) ?? [])
          .map((c) => ({ c, text: publicText(c.comments, prefix) }))
          .filter((x): x is { c: CommentRecord; text: string } => x.text !== null && !imported.has(`${link.issueId}|${remoteCommentKey(x.c.commentId)}`))
          .sort((a, b) => (a.c.dateCreated?.getTime() ?? 0) - (b.c.dateCreated?.getTime() ?? 0) || a.c.commentId - b.c.commentId);
        if (newComments.length > 0) {
          const made = await db.comment.createMany({
            data: newComments.map(({ c, text }) => ({
              issueId: link.issueId, kind: 'COMMENT' as const, visibility: 'PUBLIC' as const, authorKind: 'REMOTE' as const,
              authorName: c.authorName || KIND_LABEL[link.remoteKind], body: text, remoteCommentId: remoteCommentKey(c.commentId),
              ...(c.dateCreated ? { createdAt: c.dateCreated } : {}),
            })),
            skipDuplicates: true,
          });
          result.comments += made.count;
        }

        for (const a of page.attachments.get(k) ?? []) {
          if (a.attachmentType !== 'file' || !isMarkedPublic(a.comments, prefix) || imported.has(`${link.issueId}|${remoteAttachmentKey(a.id)}`)) continue;
          const file = await (link.remoteKind === 'SERVICE_REQUEST' ? r.client.attachments.downloadRequestAttachment(a.id) : r.client.attachments.downloadWorkOrderAttachment(a.id)).catch((err: unknown) => {
            // Over the size cap (lib/cityworks/transport.ts): the comment is imported without the
            // file, once, rather than downloading it again on every poll.
            if (err instanceof CityworksError && err.causeCode === TOO_LARGE_CODE) return null;
            throw err;
          });
          const bytes = file ? Buffer.from(file.bytes) : null;
          const created = await db.$transaction(async (tx) => {
            const exists = await tx.comment.findUnique({ where: { issueId_remoteCommentId: { issueId: link.issueId, remoteCommentId: remoteAttachmentKey(a.id) } }, select: { id: true } });
            if (exists) return false;
            const comment = await tx.comment.create({
              data: {
                issueId: link.issueId, kind: 'COMMENT', visibility: 'PUBLIC', authorKind: 'REMOTE', authorName: a.attachedBy || KIND_LABEL[link.remoteKind],
                body: [publicText(a.comments, prefix) ?? '', bytes ? '' : `(The attachment ${safeFileName(a.filename, 'attachment')} is too large to import; open it in Cityworks.)`].filter(Boolean).join('\n'), remoteCommentId: remoteAttachmentKey(a.id), ...(a.dateAttached ? { createdAt: a.dateAttached } : {}),
              },
            });
            if (!file || !bytes) return false;
            await tx.media.create({
              data: {
                // Cityworks' declared type is not trusted: HTML or SVG would be served from our origin.
                organizationId: integration.organizationId, issueId: link.issueId, commentId: comment.id, fileName: safeFileName(file.filename ?? a.filename, 'attachment'),
                contentType: storedContentType(bytes), byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), data: bytes, remoteAttachmentId: String(a.id),
              },
            });
            return true;
          });
          if (created) result.images++;
        }

        const observedField = settings.observedField;
        const observed = observedField ? observedValue(state, observedField.field) : null;
        const activity = observedField !== null && observed !== null && observed !== link.observedValue;
        const outcome = outcomeOf(state, settings);
        const statusChanged = state.status !== (link.remoteStatus ?? '');
        if (!activity && !statusChanged && outcome.kind === 'open' && observed === link.observedValue) continue;

        await db.$transaction(async (tx) => {
          // The outbound side changes the same issue (acknowledgment, comments): serialize on its row.
          await lockIssue(tx, link.issueId);
          const { status: issueStatus } = await tx.issue.findUniqueOrThrow({ where: { id: link.issueId }, select: { status: true } });
          if (activity && observedField && issueStatus === 'ACKNOWLEDGED') {
            await postIntegrationMessage(tx, { issueId: link.issueId, integrationId, kind: 'ACTIVITY', body: renderMessage(observedField.message, { ...vars, field: observedField.field, value: observed }) });
            result.activity++;
          }
          const linkUpdate = { remoteStatus: state.status, observedValue: observed ?? link.observedValue };
          if (outcome.kind === 'closed') {
            if (issueStatus === 'ACKNOWLEDGED' && (await transitionIssue(tx, link.issueId, 'CLOSED'))) {
              await postIntegrationMessage(tx, { issueId: link.issueId, integrationId, kind: 'CLOSING', body: renderMessage(messageForStatus(settings.messages.closing, outcome.status), vars) });
            }
            await tx.remoteLink.update({ where: { id: link.id }, data: { ...linkUpdate, active: false, endedAt: new Date(), endedReason: `closed in Cityworks (${outcome.status})` } });
            result.closed++;
          } else if (outcome.kind === 'canceled') {
            if (issueStatus === 'ACKNOWLEDGED' && (await transitionIssue(tx, link.issueId, 'OPEN'))) {
              await postIntegrationMessage(tx, { issueId: link.issueId, integrationId, kind: 'CANCEL', body: renderMessage(messageForStatus(settings.messages.cancel, outcome.status), vars) });
            }
            await tx.remoteLink.update({ where: { id: link.id }, data: { ...linkUpdate, active: false, endedAt: new Date(), endedReason: `canceled in Cityworks (${outcome.status})` } });
            result.canceled++;
          } else {
            await tx.remoteLink.update({ where: { id: link.id }, data: linkUpdate });
          }
          if (statusChanged) {
            result.statusChanges++;
            await tx.syncEvent.create({
              data: {
                integrationId, issueId: link.issueId, operation: 'poll:status', outcome: 'OK',
                message: `${KIND_LABEL[link.remoteKind]} ${link.remoteId}: ${link.remoteStatus ?? '(none)'} -> ${state.status}${outcome.kind === 'open' ? '' : ` (${outcome.kind})`}`,
              },
            });
          }
        });
      }

      await db.remoteLink.updateMany({ where: { id: { in: links.map((l) => l.id) } }, data: { lastPolledAt: new Date() } });
      if (missing.length > 0) {
        result.missing += missing.length;
        await db.syncEvent.create({
          data: { integrationId, operation: 'poll:missing', outcome: 'ERROR', errorClass: 'cityworks.not-found', message: `Not returned by Cityworks: ${missing.slice(0, 50).join(', ')}${missing.length > 50 ? ' ...' : ''}`, details: { count: missing.length } },
        });
      }
      result.linksPolled += links.length;
      await r.flushCalls(db);
      await reportProgress(db, integrationId, 'poll-updates', { state: 'running', startedAt: startedAt.toISOString(), done: result.linksPolled, total, message: null });
      if (links.length < PAGE_SIZE) break;
    }

    result.remoteCalls = r.calls.length;
    await recordSuccess(db, integrationId, 'poll-updates', {
      cursor: { linksPolled: result.linksPolled, remoteCalls: result.remoteCalls },
      windowStart: previous.windowEnd ?? startedAt,
      windowEnd: startedAt,
      startedAt,
      done: result.linksPolled,
      total,
      message: `${result.closed} closed, ${result.canceled} canceled, ${result.activity} activity, ${result.comments} comments, ${result.images} images`,
    });
    return result;
  } catch (err) {
    await remote?.flushCalls(db);
    await recordFailure(db, integrationId, 'poll-updates', startedAt, err instanceof Error ? err.message : String(err));
    throw err;
  }
}
