import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/lib/db';

/** Where an issue stands with Cityworks, as the staff list filters it. */
export const SYNC_STATES = ['pending', 'acknowledged', 'dead', 'not-integrated'] as const;
export type SyncState = (typeof SYNC_STATES)[number] | 'ended';

export const issueFiltersSchema = z.object({
  status: z.enum(['OPEN', 'ACKNOWLEDGED', 'CLOSED', 'ARCHIVED']).optional(),
  category: z.string().min(1).optional(),
  agency: z.string().min(1).optional(),
  sync: z.enum(SYNC_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type IssueFilters = z.infer<typeof issueFiltersSchema>;

const PENDING = { kind: 'ISSUE', state: { in: ['PENDING', 'IN_FLIGHT'] } } satisfies Prisma.SubmissionWhereInput;

function syncWhere(sync: IssueFilters['sync']): Prisma.IssueWhereInput {
  switch (sync) {
    case 'pending':
      return { submissions: { some: PENDING } };
    case 'acknowledged':
      return { remoteLinks: { some: { active: true } } };
    case 'dead':
      return { submissions: { some: { kind: 'ISSUE', state: 'DEAD' }, none: PENDING }, remoteLinks: { none: { active: true } } };
    case 'not-integrated':
      return { submissions: { none: { kind: 'ISSUE' } }, remoteLinks: { none: {} } };
    default:
      return {};
  }
}

export function syncStateOf(i: { remoteLinks: { active: boolean }[]; submissions: { kind: string; state: string }[] }): SyncState {
  if (i.remoteLinks.some((l) => l.active)) return 'acknowledged';
  const creates = i.submissions.filter((s) => s.kind === 'ISSUE');
  if (creates.some((s) => s.state === 'PENDING' || s.state === 'IN_FLIGHT')) return 'pending';
  if (creates.some((s) => s.state === 'DEAD')) return 'dead';
  if (i.remoteLinks.length > 0) return 'ended';
  return 'not-integrated';
}

export interface IssueListRow {
  id: string;
  number: number;
  status: string;
  summary: string;
  category: string | null;
  agency: string | null;
  source: string;
  sync: SyncState;
  remoteIds: string[];
  lat: number;
  lng: number;
  createdAt: string;
}

export async function listIssues(db: Db, organizationId: string, f: IssueFilters): Promise<IssueListRow[]> {
  const rows = await db.issue.findMany({
    where: {
      organizationId,
      ...(f.status ? { status: f.status } : {}),
      ...(f.category ? { requestTypeId: f.category } : {}),
      ...(f.agency ? { requestType: { agencyId: f.agency } } : {}),
      ...syncWhere(f.sync),
    },
    orderBy: { number: 'desc' },
    take: f.limit,
    select: {
      id: true,
      number: true,
      status: true,
      summary: true,
      source: true,
      lat: true,
      lng: true,
      createdAt: true,
      requestType: { select: { name: true, displayName: true, agency: { select: { name: true } } } },
      remoteLinks: { select: { active: true, remoteId: true } },
      submissions: { where: { kind: 'ISSUE' }, select: { kind: true, state: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    summary: r.summary,
    source: r.source,
    category: r.requestType ? (r.requestType.displayName ?? r.requestType.name) : null,
    agency: r.requestType?.agency?.name ?? null,
    sync: syncStateOf(r),
    remoteIds: r.remoteLinks.map((l) => l.remoteId),
    lat: r.lat,
    lng: r.lng,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** One entry of the staff timeline, merged by time from comments, messages and sync events. */
export type TimelineEntry =
  | {
      type: 'comment';
      at: string;
      id: string;
      kind: string;
      visibility: 'PUBLIC' | 'INTERNAL';
      authorKind: string;
      authorName: string;
      body: string;
      images: { id: string; fileName: string }[];
      sentToCityworks: string | null;
    }
  | { type: 'sync'; at: string; id: string; operation: string; outcome: 'OK' | 'ERROR'; latencyMs: number | null; attempt: number | null; errorClass: string | null; message: string | null };

export interface IssueDetail {
  id: string;
  number: number;
  status: string;
  source: string;
  summary: string;
  description: string;
  lat: number;
  lng: number;
  address: string | null;
  reporterName: string | null;
  reporterEmail: string | null;
  createdAt: string;
  category: { id: string; name: string; integrated: boolean } | null;
  sync: SyncState;
  answers: { question: string; value: string; isPrivate: boolean }[];
  images: { id: string; fileName: string }[];
  links: { remoteKind: string; remoteId: string; active: boolean; remoteStatus: string | null; endedReason: string | null }[];
  timeline: TimelineEntry[];
}

export async function issueDetail(db: Db, organizationId: string, number: number): Promise<IssueDetail | null> {
  const i = await db.issue.findFirst({
    where: { organizationId, number },
    include: {
      requestType: { select: { id: true, name: true, displayName: true, integrationId: true, remoteCode: true } },
      answers: { include: { question: { select: { text: true, sequence: true, isPrivate: true } } } },
      media: { where: { commentId: null }, select: { id: true, fileName: true } },
      remoteLinks: { orderBy: { createdAt: 'asc' } },
      submissions: { select: { kind: true, state: true, commentId: true, remoteId: true } },
      comments: { orderBy: { createdAt: 'asc' }, include: { media: { select: { id: true, fileName: true } } } },
      syncEvents: { orderBy: { createdAt: 'asc' }, take: 2000 },
    },
  });
  if (!i) return null;
  const sentComment = new Map(i.submissions.filter((s) => s.commentId).map((s) => [s.commentId!, s.state]));
  const timeline: TimelineEntry[] = [
    ...i.comments.map((c): TimelineEntry => ({
      type: 'comment',
      at: c.createdAt.toISOString(),
      id: c.id,
      kind: c.kind,
      visibility: c.visibility,
      authorKind: c.authorKind,
      authorName: c.authorName,
      body: c.body,
      images: c.media,
      sentToCityworks: sentComment.get(c.id) ?? null,
    })),
    ...i.syncEvents.map((e): TimelineEntry => ({
      type: 'sync',
      at: e.createdAt.toISOString(),
      id: String(e.id),
      operation: e.operation,
      outcome: e.outcome,
      latencyMs: e.latencyMs,
      attempt: e.attempt,
      errorClass: e.errorClass,
      message: e.message,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: i.id,
    number: i.number,
    status: i.status,
    source: i.source,
    summary: i.summary,
    description: i.description,
    lat: i.lat,
    lng: i.lng,
    address: i.address,
    reporterName: i.reporterName,
    reporterEmail: i.reporterEmail,
    createdAt: i.createdAt.toISOString(),
    category: i.requestType
      ? { id: i.requestType.id, name: i.requestType.displayName ?? i.requestType.name, integrated: !!(i.requestType.integrationId && i.requestType.remoteCode) }
      : null,
    sync: syncStateOf(i),
    answers: i.answers.sort((a, b) => a.question.sequence - b.question.sequence).map((a) => ({ question: a.question.text, value: a.value, isPrivate: a.question.isPrivate })),
    images: i.media,
    links: i.remoteLinks.map((l) => ({ remoteKind: l.remoteKind, remoteId: l.remoteId, active: l.active, remoteStatus: l.remoteStatus, endedReason: l.endedReason })),
    timeline,
  };
}
