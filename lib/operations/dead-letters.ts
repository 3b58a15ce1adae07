import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Submission } from '@/generated/prisma/client';
import type { Actor } from '@/lib/auth/roles';
import { audit } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { badRequest, notFound } from '@/lib/http/errors';
import { queues } from '@/lib/jobs/queues';
import { lockIssue } from '@/lib/crm/issue-status';
import { sendSubmitComments, sendSubmitIssue, type Tx } from '@/lib/jobs/send';
import { failedStreamJobs, type FailedJob } from './failed-jobs';
import { integrationInOrganization } from './integration-scope';

/**
 * Dead letters are Submissions in state DEAD: the outbox row keeps what it was for, why it died
 * and how often it was tried. Retrying puts the row back to PENDING and sends its job in the same
 * transaction; a double send is harmless because the handlers skip finished rows and adopt a
 * remote record an earlier attempt created (the idempotency key is our issue number).
 */
type AuditActor = Pick<Actor, 'userId' | 'email'>;

/** Error classes whose cause is usually in our data: fix the issue, then retry. */
const DATA_CAUSES = new Set(['cityworks.validation', 'cityworks.not-found', 'unknown']);

export interface DeadLetter {
  submissionId: string;
  kind: 'ISSUE' | 'COMMENT';
  issue: { id: string; number: number; summary: string; description: string; address: string | null; category: string | null };
  comment: { id: string; body: string; authorName: string } | null;
  answers: { questionId: string; question: string; value: string; answerOptionId: string | null; options: { id: string; label: string }[]; required: boolean }[];
  attempts: number;
  reason: string | null;
  errorClass: string | null;
  deadAt: string | null;
  causeInOurData: boolean;
}

export async function listDeadLetters(db: Db, organizationId: string, integrationId: string, limit = 200): Promise<{ total: number; items: DeadLetter[]; otherJobs: FailedJob[] }> {
  await integrationInOrganization(db, organizationId, integrationId);
  const where = { integrationId, state: 'DEAD' as const };
  const [total, otherJobs, rows] = await Promise.all([
    db.submission.count({ where }),
    failedStreamJobs(db, integrationId, new Date(Date.now() - 7 * 24 * 3600_000)),
    db.submission.findMany({
      where,
      orderBy: [{ completedAt: 'desc' }, { createdAt: 'desc' }],
      take: limit,
      include: {
        issue: {
          select: {
            id: true, number: true, summary: true, description: true, address: true,
            requestType: { select: { name: true, displayName: true, questions: { where: { hidden: false }, orderBy: { sequence: 'asc' }, select: { id: true, text: true, isRequired: true, options: { orderBy: { sequence: 'asc' }, select: { id: true, label: true } } } } } },
            answers: { select: { questionId: true, value: true, answerOptionId: true } },
          },
        },
        comment: { select: { id: true, body: true, authorName: true } },
      },
    }),
  ]);
  return {
    total,
    otherJobs,
    items: rows.map((s) => {
      const answerOf = new Map(s.issue.answers.map((a) => [a.questionId, a]));
      return {
        submissionId: s.id,
        kind: s.kind,
        issue: {
          id: s.issue.id,
          number: s.issue.number,
          summary: s.issue.summary,
          description: s.issue.description,
          address: s.issue.address,
          category: s.issue.requestType?.displayName ?? s.issue.requestType?.name ?? null,
        },
        comment: s.comment,
        answers: (s.issue.requestType?.questions ?? []).map((q) => ({ questionId: q.id, question: q.text, value: answerOf.get(q.id)?.value ?? '', answerOptionId: answerOf.get(q.id)?.answerOptionId ?? null, options: q.options, required: q.isRequired })),
        attempts: s.attempts,
        reason: s.lastError,
        errorClass: s.lastErrorClass,
        deadAt: s.completedAt?.toISOString() ?? null,
        causeInOurData: DATA_CAUSES.has(s.lastErrorClass ?? ''),
      };
    }),
  };
}

async function deadSubmission(db: Db | Tx, integrationId: string, submissionId: string): Promise<Submission> {
  const s = await db.submission.findFirst({ where: { id: submissionId, integrationId } });
  if (!s) throw notFound('Dead letter');
  if (s.state !== 'DEAD') throw badRequest(`This submission is ${s.state.toLowerCase().replace('_', ' ')}, not a dead letter.`);
  return s;
}

/** Back to the outbox, with its job, in the caller's transaction. */
async function requeue(tx: Tx, boss: PgBoss, s: Submission): Promise<void> {
  await tx.submission.update({ where: { id: s.id }, data: { state: 'PENDING', completedAt: null } });
  if (s.kind === 'ISSUE') await sendSubmitIssue(tx, boss, s);
  else await sendSubmitComments(tx, boss, { id: s.issueId, integrationId: s.integrationId });
}

/** The dead-letter queue's copy of a resolved submission goes too, so it is not reported twice. */
async function resolveQueueCopies(db: Db, boss: PgBoss, submissionIds: string[]): Promise<void> {
  if (submissionIds.length === 0) return;
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text AS id FROM pgboss.job WHERE name = $1 AND data->>'submissionId' = ANY($2::text[])`,
    queues.deadLetter.name,
    submissionIds,
  );
  if (rows.length > 0) await boss.deleteJob(queues.deadLetter.name, rows.map((r) => r.id));
}

export async function retryDeadLetter(db: Db, boss: PgBoss, actor: AuditActor, scope: { organizationId: string; integrationId: string }, submissionId: string): Promise<void> {
  await integrationInOrganization(db, scope.organizationId, scope.integrationId);
  await db.$transaction(async (tx) => {
    const s = await deadSubmission(tx, scope.integrationId, submissionId);
    await requeue(tx, boss, s);
    await audit(tx, actor, { organizationId: scope.organizationId, action: 'sync.dead-letter.retry', entityType: 'Submission', entityId: s.id, changes: { state: { from: 'DEAD', to: 'PENDING' }, lastError: s.lastError, lastErrorClass: s.lastErrorClass } });
  });
  await resolveQueueCopies(db, boss, [submissionId]);
}

export async function retryAllDeadLetters(db: Db, boss: PgBoss, actor: AuditActor, scope: { organizationId: string; integrationId: string }): Promise<{ retried: number }> {
  await integrationInOrganization(db, scope.organizationId, scope.integrationId);
  const ids = await db.$transaction(async (tx) => {
    // Row locks keep a concurrent "retry one" from sending the same row twice in this batch.
    const dead = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Submission" WHERE "integrationId" = ${scope.integrationId} AND state = 'DEAD' ORDER BY "createdAt" FOR UPDATE`;
    const rows = await tx.submission.findMany({ where: { id: { in: dead.map((d) => d.id) } }, orderBy: { createdAt: 'asc' } });
    const commentIssues = new Set<string>();
    for (const s of rows) {
      if (s.kind === 'COMMENT') {
        // One drain per issue sends all its comments in order.
        await tx.submission.update({ where: { id: s.id }, data: { state: 'PENDING', completedAt: null } });
        if (!commentIssues.has(s.issueId)) await sendSubmitComments(tx, boss, { id: s.issueId, integrationId: s.integrationId });
        commentIssues.add(s.issueId);
      } else {
        await requeue(tx, boss, s);
      }
    }
    if (rows.length > 0) {
      await audit(tx, actor, { organizationId: scope.organizationId, action: 'sync.dead-letter.retry-all', entityType: 'Integration', entityId: scope.integrationId, changes: { retried: rows.length, submissionIds: rows.map((r) => r.id) } });
    }
    return rows.map((r) => r.id);
  });
  await resolveQueueCopies(db, boss, ids);
  return { retried: ids.length };
}

export async function skipDeadLetter(db: Db, boss: PgBoss, actor: AuditActor, scope: { organizationId: string; integrationId: string }, submissionId: string, reason: string | null): Promise<void> {
  await integrationInOrganization(db, scope.organizationId, scope.integrationId);
  await db.$transaction(async (tx) => {
    const s = await deadSubmission(tx, scope.integrationId, submissionId);
    await tx.submission.update({ where: { id: s.id }, data: { state: 'SKIPPED', completedAt: new Date() } });
    await audit(tx, actor, { organizationId: scope.organizationId, action: 'sync.dead-letter.skip', entityType: 'Submission', entityId: s.id, changes: { state: { from: 'DEAD', to: 'SKIPPED' }, reason, lastError: s.lastError } });
  });
  await resolveQueueCopies(db, boss, [submissionId]);
}

export const deadLetterEditSchema = z
  .object({
    summary: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(10_000).optional(),
    address: z.string().trim().max(500).nullable().optional(),
    answers: z.array(z.object({ questionId: z.string().min(1), value: z.string().trim().max(2000), answerOptionId: z.string().min(1).nullable().optional() })).max(100).optional(),
    commentBody: z.string().trim().min(1).max(10_000).optional(),
  })
  .strict();
export type DeadLetterEdit = z.infer<typeof deadLetterEditSchema>;

/**
 * Edit-and-retry for causes in our data (a missing required answer, an over-long field): the
 * issue or comment is corrected, audited field by field, and the submission is retried, all in one
 * transaction so the job never sees half an edit.
 */
export async function editAndRetryDeadLetter(db: Db, boss: PgBoss, actor: AuditActor, scope: { organizationId: string; integrationId: string }, submissionId: string, raw: unknown): Promise<void> {
  const edit = deadLetterEditSchema.parse(raw);
  await integrationInOrganization(db, scope.organizationId, scope.integrationId);
  await db.$transaction(async (tx) => {
    const s = await deadSubmission(tx, scope.integrationId, submissionId);
    await lockIssue(tx, s.issueId);
    const issue = await tx.issue.findUniqueOrThrow({ where: { id: s.issueId }, include: { answers: true } });
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    const issueData: { summary?: string; description?: string; address?: string | null } = {};
    for (const field of ['summary', 'description', 'address'] as const) {
      const next = edit[field];
      if (next !== undefined && next !== issue[field]) {
        changes[field] = { from: issue[field], to: next };
        Object.assign(issueData, { [field]: next });
      }
    }
    if (Object.keys(issueData).length > 0) await tx.issue.update({ where: { id: issue.id }, data: issueData });
    if (edit.answers) {
      const questions = await tx.question.findMany({ where: { requestTypeId: issue.requestTypeId ?? '' }, select: { id: true, options: { select: { id: true } } } });
      for (const a of edit.answers) {
        const question = questions.find((q) => q.id === a.questionId);
        if (!question) throw badRequest('An answer is for a question of another category.', { questionId: a.questionId });
        if (a.answerOptionId && !question.options.some((o) => o.id === a.answerOptionId)) throw badRequest('That choice is not an answer to this question.', { answerOptionId: a.answerOptionId });
        const old = issue.answers.find((x) => x.questionId === a.questionId);
        const optionId = a.answerOptionId === undefined ? (old?.answerOptionId ?? null) : a.answerOptionId;
        if (old?.value === a.value && old.answerOptionId === optionId) continue;
        changes[`answer:${a.questionId}`] = { from: old ? `${old.value} [${old.answerOptionId ?? 'no choice'}]` : null, to: `${a.value} [${optionId ?? 'no choice'}]` };
        await tx.issueAnswer.upsert({
          where: { issueId_questionId: { issueId: issue.id, questionId: a.questionId } },
          create: { issueId: issue.id, questionId: a.questionId, value: a.value, answerOptionId: optionId },
          update: { value: a.value, answerOptionId: optionId },
        });
      }
    }
    if (edit.commentBody !== undefined) {
      if (s.kind !== 'COMMENT' || !s.commentId) throw badRequest('Only a comment dead letter has a comment to edit.');
      const comment = await tx.comment.findUniqueOrThrow({ where: { id: s.commentId } });
      if (comment.body !== edit.commentBody) {
        changes.commentBody = { from: comment.body, to: edit.commentBody };
        await tx.comment.update({ where: { id: comment.id }, data: { body: edit.commentBody } });
      }
    }
    if (Object.keys(changes).length > 0) {
      await audit(tx, actor, { organizationId: scope.organizationId, action: 'issue.edit-for-retry', entityType: 'Issue', entityId: issue.id, changes });
    }
    await requeue(tx, boss, s);
    await audit(tx, actor, { organizationId: scope.organizationId, action: 'sync.dead-letter.edit-and-retry', entityType: 'Submission', entityId: s.id, changes: { state: { from: 'DEAD', to: 'PENDING' }, edited: Object.keys(changes), lastError: s.lastError } });
  });
  await resolveQueueCopies(db, boss, [submissionId]);
}
