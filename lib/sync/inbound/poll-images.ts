import type { Attachment } from '@/lib/cityworks';
import { CityworksError } from '@/lib/cityworks/errors';
import { TOO_LARGE_CODE } from '@/lib/cityworks/transport';
import { mediaRow } from '@/lib/crm/media-input';
import { safeFileName } from '@/lib/crm/media-type';
import type { Db } from '@/lib/db';
import { remoteAttachmentKey } from './poll-comments';
import { KIND_LABEL, type LinkRow } from './poll-page';
import { isMarkedPublic, publicText } from './public-prefix';
import type { RemoteSession } from '../session';

/**
 * Attachments whose comment has the public prefix become a public comment with the file, once per
 * attachment. Returns how many files were stored.
 */
export async function importPublicImages(db: Db, remote: RemoteSession, link: LinkRow, attachments: readonly Attachment[], prefix: string, imported: ReadonlySet<string>): Promise<number> {
  let stored = 0;
  for (const a of attachments) {
    if (a.attachmentType !== 'file' || !isMarkedPublic(a.comments, prefix) || imported.has(`${link.issueId}|${remoteAttachmentKey(a.id)}`)) continue;
    if (await importOne(db, remote, link, a, prefix)) stored++;
  }
  return stored;
}

async function importOne(db: Db, remote: RemoteSession, link: LinkRow, a: Attachment, prefix: string): Promise<boolean> {
  const { attachments } = remote.client;
  const download = link.remoteKind === 'SERVICE_REQUEST' ? attachments.downloadRequestAttachment(a.id) : attachments.downloadWorkOrderAttachment(a.id);
  const file = await download.catch((err: unknown) => {
    // Over the size cap (lib/cityworks/transport.ts): the comment is imported without the file,
    // once, rather than downloading it again on every poll.
    if (err instanceof CityworksError && err.causeCode === TOO_LARGE_CODE) return null;
    throw err;
  });
  const bytes = file ? new Uint8Array(file.bytes) : null;
  const note = bytes ? null : `(The attachment ${safeFileName(a.filename, 'attachment')} is too large to import; open it in Cityworks.)`;
  return db.$transaction(async (tx) => {
    const key = remoteAttachmentKey(a.id);
    const exists = await tx.comment.findUnique({ where: { issueId_remoteCommentId: { issueId: link.issueId, remoteCommentId: key } }, select: { id: true } });
    if (exists) return false;
    const comment = await tx.comment.create({
      data: {
        issueId: link.issueId, kind: 'COMMENT', visibility: 'PUBLIC', authorKind: 'REMOTE', authorName: a.attachedBy || KIND_LABEL[link.remoteKind],
        body: [publicText(a.comments, prefix) ?? '', note ?? ''].filter(Boolean).join('\n'), remoteCommentId: key, ...(a.dateAttached ? { createdAt: a.dateAttached } : {}),
      },
    });
    if (!bytes) return false;
    const { organizationId } = remote.integration;
    // mediaRow types the file from its bytes: Cityworks' declared type is not trusted (HTML or
    // SVG would be served from our origin).
    const row = mediaRow(organizationId, { fileName: safeFileName(file?.filename ?? a.filename, 'attachment'), contentType: 'application/octet-stream', bytes });
    await tx.media.create({ data: { ...row, issueId: link.issueId, commentId: comment.id, remoteAttachmentId: String(a.id) } });
    return true;
  });
}
