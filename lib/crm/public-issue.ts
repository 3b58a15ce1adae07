import type { CommentKind, IssueStatus } from '@/generated/prisma/enums';
import type { Db } from '@/lib/db';
import { publicAnswers } from './answer-rules';

/**
 * What anyone may see of an issue (311 issues are public by nature): status, category, place,
 * public answers, public comments and messages, public images. Never the reporter's email, a
 * private answer, an internal comment or its image.
 */
export interface PublicIssue {
  number: number;
  status: IssueStatus;
  category: string | null;
  summary: string;
  description: string;
  lat: number;
  lng: number;
  address: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  answers: { question: string; value: string }[];
  images: { id: string; fileName: string }[];
  comments: { id: string; kind: CommentKind; authorName: string; body: string; createdAt: string; images: { id: string; fileName: string }[] }[];
}

export async function loadPublicIssue(db: Db, organizationId: string, number: number): Promise<PublicIssue | null> {
  const issue = await db.issue.findFirst({
    where: { organizationId, number },
    select: {
      number: true,
      status: true,
      summary: true,
      description: true,
      lat: true,
      lng: true,
      address: true,
      createdAt: true,
      acknowledgedAt: true,
      closedAt: true,
      requestType: { select: { name: true, displayName: true } },
      answers: { select: { value: true, question: { select: { text: true, sequence: true, isPrivate: true } } } },
      media: { where: { commentId: null }, orderBy: { createdAt: 'asc' }, select: { id: true, fileName: true } },
      comments: {
        where: { visibility: 'PUBLIC' },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, kind: true, authorName: true, body: true, createdAt: true, media: { select: { id: true, fileName: true } } },
      },
    },
  });
  if (!issue) return null;
  return {
    number: issue.number,
    status: issue.status,
    category: issue.requestType ? (issue.requestType.displayName ?? issue.requestType.name) : null,
    summary: issue.summary,
    description: issue.description,
    lat: issue.lat,
    lng: issue.lng,
    address: issue.address,
    createdAt: issue.createdAt.toISOString(),
    acknowledgedAt: issue.acknowledgedAt?.toISOString() ?? null,
    closedAt: issue.closedAt?.toISOString() ?? null,
    answers: publicAnswers(issue.answers)
      .sort((a, b) => a.question.sequence - b.question.sequence)
      .map((a) => ({ question: a.question.text, value: a.value })),
    images: issue.media,
    comments: issue.comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), images: c.media })),
  };
}

/** Whether an image may be served without a session: an issue's own image or one on a public comment. */
export async function publicMedia(db: Db, mediaId: string): Promise<{ contentType: string; fileName: string; data: Uint8Array; sha256: string } | null> {
  const m = await db.media.findUnique({
    where: { id: mediaId },
    select: { contentType: true, fileName: true, data: true, sha256: true, issueId: true, comment: { select: { visibility: true } } },
  });
  if (!m || !m.issueId) return null;
  if (m.comment && m.comment.visibility !== 'PUBLIC') return null;
  return { contentType: m.contentType, fileName: m.fileName, data: m.data, sha256: m.sha256 };
}
