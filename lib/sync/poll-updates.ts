import type { Db } from '@/lib/db';
import type { MessageVars } from '@/lib/integrations/messages';
import { readCursor } from './cursors';
import { importedRemoteKeys, importPublicComments } from './inbound/poll-comments';
import { importPublicImages } from './inbound/poll-images';
import { KIND_LABEL, linkKey, readPage, type LinkRow } from './inbound/poll-page';
import { applyRemoteState } from './inbound/poll-state';
import { runInboundStream, type InboundStreamOptions } from './inbound/run-stream';
import type { RemoteSession } from './session';

export { remoteAttachmentKey, remoteCommentKey } from './inbound/poll-comments';

/**
 * Reads back every open remote record of an integration, in batches, and applies what changed, in
 * named steps per record:
 *   comments    -> those starting with the public prefix, prefix stripped, deduplicated by id
 *                  (inbound/poll-comments.ts)
 *   images      -> attachments whose comment has the prefix, as a public comment with the file
 *                  (inbound/poll-images.ts)
 *   remote state -> close, cancel (when handled), the activity message once per change after the
 *                  first observation, the status (inbound/poll-state.ts, rules in remote-state.ts)
 * Cost grows with change, not size: per page of PAGE_SIZE links it makes one ByIds call, one
 * comments call and one attachments call per kind (plus one download per new public image), never
 * one call per issue (inbound/poll-page.ts). Ended links are never polled again.
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

export async function pollUpdates(db: Db, integrationId: string, opts: InboundStreamOptions = {}): Promise<PollResult> {
  return runInboundStream(db, integrationId, 'poll-updates', opts, async ({ remote: r, startedAt, progress, flushCalls }) => {
    const result: PollResult = { linksPolled: 0, closed: 0, canceled: 0, activity: 0, comments: 0, images: 0, statusChanges: 0, missing: 0, remoteCalls: 0 };
    const organization = await db.organization.findUniqueOrThrow({ where: { id: r.integration.organizationId }, select: { title: true } });
    const previous = await readCursor(db, integrationId, 'poll-updates');
    const total = await db.remoteLink.count({ where: { integrationId, environment: r.environment, active: true } });
    await progress(0, total);

    let afterId: string | undefined;
    for (;;) {
      const links = await nextLinks(db, integrationId, r.environment, afterId);
      if (links.length === 0) break;
      afterId = links[links.length - 1]!.id;
      await pollPage(db, integrationId, r, links, organization.title, result);
      result.linksPolled += links.length;
      await flushCalls();
      await progress(result.linksPolled, total);
      if (links.length < PAGE_SIZE) break;
    }

    result.remoteCalls = r.calls.length;
    return {
      result,
      record: {
        cursor: { linksPolled: result.linksPolled, remoteCalls: result.remoteCalls },
        windowStart: previous.windowEnd ?? startedAt,
        windowEnd: startedAt,
        done: result.linksPolled,
        total,
        message: `${result.closed} closed, ${result.canceled} canceled, ${result.activity} activity, ${result.comments} comments, ${result.images} images`,
      },
    };
  });
}

/** The next page of active links after `afterId`, in id order. */
function nextLinks(db: Db, integrationId: string, environment: RemoteSession['environment'], afterId: string | undefined): Promise<LinkRow[]> {
  return db.remoteLink.findMany({
    where: { integrationId, environment, active: true, ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: 'asc' },
    take: PAGE_SIZE,
    select: {
      id: true, issueId: true, remoteKind: true, remoteId: true, remoteStatus: true, observedValue: true,
      issue: { select: { number: true, requestType: { select: { name: true, displayName: true } } } },
    },
  });
}

/**
 * One page: the batched reads, then per record its public comments, its public images and its
 * remote state, in that order (a note written before closing precedes the closing message). A
 * record Cityworks did not return is reported once per page as poll:missing.
 */
async function pollPage(db: Db, integrationId: string, remote: RemoteSession, links: readonly LinkRow[], organization: string, result: PollResult): Promise<void> {
  const { settings } = remote;
  const prefix = settings.publicCommentPrefix;
  const page = await readPage(remote, links);
  const imported = await importedRemoteKeys(db, links);
  const missing: string[] = [];
  for (const link of links) {
    const k = linkKey(link.remoteKind, link.remoteId);
    const state = page.states.get(k);
    if (!state) {
      missing.push(link.remoteId);
      continue;
    }
    result.comments += await importPublicComments(db, link, page.comments.get(k) ?? [], prefix, imported);
    result.images += await importPublicImages(db, remote, link, page.attachments.get(k) ?? [], prefix, imported);
    const vars: MessageVars = {
      remoteId: link.remoteId, remoteKind: KIND_LABEL[link.remoteKind], issueNumber: link.issue.number, organization,
      category: link.issue.requestType?.displayName ?? link.issue.requestType?.name ?? '', status: state.status,
    };
    const change = await applyRemoteState(db, integrationId, settings, link, state, vars);
    if (change.activity) result.activity++;
    if (change.statusChanged) result.statusChanges++;
    if (change.outcome === 'closed') result.closed++;
    if (change.outcome === 'canceled') result.canceled++;
  }
  await db.remoteLink.updateMany({ where: { id: { in: links.map((l) => l.id) } }, data: { lastPolledAt: new Date() } });
  if (missing.length > 0) {
    result.missing += missing.length;
    await db.syncEvent.create({
      data: { integrationId, operation: 'poll:missing', outcome: 'ERROR', errorClass: 'cityworks.not-found', message: `Not returned by Cityworks: ${missing.slice(0, 50).join(', ')}${missing.length > 50 ? ' ...' : ''}`, details: { count: missing.length } },
    });
  }
}
