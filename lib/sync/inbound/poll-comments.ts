import type { CommentRecord } from '@/lib/cityworks';
import type { Db } from '@/lib/db';
import { KIND_LABEL, type LinkRow } from './poll-page';
import { publicText } from './public-prefix';

/** Namespaces in Comment.remoteCommentId, so a comment id and an attachment id never collide. */
export const remoteCommentKey = (commentId: number) => String(commentId);
export const remoteAttachmentKey = (attachmentId: number) => `attachment:${attachmentId}`;

/** "issueId|remoteCommentId" of every remote comment or attachment already imported for these links. */
export async function importedRemoteKeys(db: Db, links: readonly LinkRow[]): Promise<Set<string>> {
  const known = await db.comment.findMany({
    where: { issueId: { in: links.map((l) => l.issueId) }, remoteCommentId: { not: null } },
    select: { issueId: true, remoteCommentId: true },
  });
  return new Set(known.map((c) => `${c.issueId}|${c.remoteCommentId}`));
}

/**
 * The remote comments that start with the public prefix, prefix stripped, oldest first, each once
 * (a unique (issueId, remoteCommentId) also holds against a concurrent poll). Returns how many
 * were added.
 */
export async function importPublicComments(db: Db, link: LinkRow, remote: readonly CommentRecord[], prefix: string, imported: ReadonlySet<string>): Promise<number> {
  const fresh = remote
    .map((c) => ({ c, text: publicText(c.comments, prefix) }))
    .filter((x): x is { c: CommentRecord; text: string } => x.text !== null && !imported.has(`${link.issueId}|${remoteCommentKey(x.c.commentId)}`))
    .sort((a, b) => (a.c.dateCreated?.getTime() ?? 0) - (b.c.dateCreated?.getTime() ?? 0) || a.c.commentId - b.c.commentId);
  if (fresh.length === 0) return 0;
  const made = await db.comment.createMany({
    data: fresh.map(({ c, text }) => ({
      issueId: link.issueId, kind: 'COMMENT' as const, visibility: 'PUBLIC' as const, authorKind: 'REMOTE' as const,
      authorName: c.authorName || KIND_LABEL[link.remoteKind], body: text, remoteCommentId: remoteCommentKey(c.commentId),
      ...(c.dateCreated ? { createdAt: c.dateCreated } : {}),
    })),
    skipDuplicates: true,
  });
  return made.count;
}
