import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import type { QuestionFormat, RemoteKind } from '@/generated/prisma/enums';
import { audit } from '@/lib/audit';
import { canEditCategories, canViewAgencies } from '@/lib/auth/permissions';
import type { Actor } from '@/lib/auth/roles';
import type { Db } from '@/lib/db';
import { badRequest, forbidden, notFound } from '@/lib/http/errors';
import { requestSync } from '@/lib/sync/inbound/on-demand';
import { effectiveFlags } from '@/lib/sync/sync-questions';

/**
 * The category page: one request type's local choices (display name, hidden, agency, question
 * auto-sync), "sync this category's questions now", and per question the admin's private / hidden
 * overrides. The overrides live in their own columns, so a later sync keeps them; each write is
 * permission-checked and audited in the same transaction.
 */

export const ENTITY = 'RequestType';
export const HIDDEN_BY_ADMIN = 'Hidden by an administrator';

export const updateCategorySchema = z.object({
  displayName: z.string().trim().max(200).nullable().transform((v) => (v ? v : null)),
  hidden: z.boolean(),
  agencyId: z.string().min(1).nullable(),
  autoSyncQuestions: z.boolean(),
});
export type UpdateCategoryInput = z.input<typeof updateCategorySchema>;

export const questionOverridesSchema = z.object({
  // null: follow the sync (the keyword rule); true / false: the admin's choice.
  privateOverride: z.boolean().nullable(),
  // Hiding only: a question the sync hid cannot be answered or sent, so it cannot be shown.
  hiddenOverride: z.literal(true).nullable(),
});

export interface CategoryQuestion {
  id: string;
  text: string;
  sequence: number;
  format: QuestionFormat;
  isPrivate: boolean;
  hidden: boolean;
  remotePrivate: boolean;
  remoteHidden: boolean;
  privateOverride: boolean | null;
  hiddenOverride: boolean | null;
}

export interface CategoryDetail {
  id: string;
  name: string;
  remoteName: string | null;
  displayName: string | null;
  hidden: boolean;
  hiddenReason: string | null;
  agencyId: string | null;
  autoSyncQuestions: boolean;
  /** The integration-wide switch: when off, no category's questions sync on schedule. */
  integrationAutoSync: boolean | null;
  integrationId: string | null;
  remoteKind: RemoteKind | null;
  remoteCode: string | null;
  syncedAt: string | null;
  agencies: { id: string; name: string }[];
  questions: CategoryQuestion[];
  canEdit: boolean;
}

interface Deps {
  db: Db;
  actor: Actor;
  organizationId: string;
}

export async function getCategory({ db, actor, organizationId }: Deps, id: string): Promise<CategoryDetail> {
  if (!canViewAgencies(actor, organizationId)) throw forbidden();
  const rt = await db.requestType.findFirst({
    where: { id, organizationId },
    include: {
      integration: { select: { settings: true } },
      questions: { orderBy: [{ sequence: 'asc' }, { id: 'asc' }] },
    },
  });
  if (!rt) throw notFound('Category');
  const agencies = await db.agency.findMany({ where: { organizationId }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
  const switches = (rt.integration?.settings as { switches?: { autoSyncQuestions?: boolean } } | null)?.switches;
  return {
    id: rt.id,
    name: rt.name,
    remoteName: rt.remoteName,
    displayName: rt.displayName,
    hidden: rt.hidden,
    hiddenReason: rt.hiddenReason,
    agencyId: rt.agencyId,
    autoSyncQuestions: rt.autoSyncQuestions,
    integrationAutoSync: rt.integration ? switches?.autoSyncQuestions ?? true : null,
    integrationId: rt.integrationId,
    remoteKind: rt.remoteKind,
    remoteCode: rt.remoteCode,
    syncedAt: rt.syncedAt?.toISOString() ?? null,
    agencies,
    questions: rt.questions.map((q) => ({
      id: q.id,
      text: q.text,
      sequence: q.sequence,
      format: q.format,
      isPrivate: q.isPrivate,
      hidden: q.hidden,
      remotePrivate: q.remotePrivate,
      remoteHidden: q.remoteHidden,
      privateOverride: q.privateOverride,
      hiddenOverride: q.hiddenOverride,
    })),
    canEdit: canEditCategories(actor, organizationId),
  };
}

function changed<T extends Record<string, unknown>>(before: T, after: T): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const k of Object.keys(after)) if (before[k] !== after[k]) out[k] = { old: before[k], new: after[k] };
  return out;
}

export async function updateCategory({ db, actor, organizationId }: Deps, id: string, raw: unknown): Promise<{ changed: string[] }> {
  if (!canEditCategories(actor, organizationId)) throw forbidden();
  const input = updateCategorySchema.parse(raw);
  return db.$transaction(async (tx) => {
    const rt = await tx.requestType.findFirst({ where: { id, organizationId } });
    if (!rt) throw notFound('Category');
    if (input.agencyId && !(await tx.agency.count({ where: { id: input.agencyId, organizationId } }))) throw notFound('Agency');
    const before = { displayName: rt.displayName, hidden: rt.hidden, agencyId: rt.agencyId, autoSyncQuestions: rt.autoSyncQuestions };
    const changes = changed(before, input);
    if (Object.keys(changes).length === 0) return { changed: [] };
    // An admin's hide is told apart from "gone from Cityworks", which category sync lifts by itself.
    const hiddenReason = changes.hidden ? (input.hidden ? HIDDEN_BY_ADMIN : null) : rt.hiddenReason;
    await tx.requestType.update({ where: { id }, data: { ...input, hiddenReason } });
    await audit(tx, actor, { organizationId, action: 'requestType.update', entityType: ENTITY, entityId: id, changes: changes as Prisma.InputJsonValue });
    return { changed: Object.keys(changes) };
  });
}

export async function updateQuestionOverrides({ db, actor, organizationId }: Deps, requestTypeId: string, questionId: string, raw: unknown): Promise<CategoryQuestion> {
  if (!canEditCategories(actor, organizationId)) throw forbidden();
  const input = questionOverridesSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const q = await tx.question.findFirst({ where: { id: questionId, requestTypeId, requestType: { organizationId } } });
    if (!q) throw notFound('Question');
    const flags = effectiveFlags({ remotePrivate: q.remotePrivate, remoteHidden: q.remoteHidden, ...input });
    const after = await tx.question.update({ where: { id: q.id }, data: { ...input, ...flags } });
    const changes = changed({ privateOverride: q.privateOverride, hiddenOverride: q.hiddenOverride }, input);
    if (Object.keys(changes).length > 0) {
      await audit(tx, actor, { organizationId, action: 'question.overrides.update', entityType: 'Question', entityId: q.id, changes: { requestTypeId, text: q.text, ...changes } as Prisma.InputJsonValue });
    }
    return {
      id: after.id,
      text: after.text,
      sequence: after.sequence,
      format: after.format,
      isPrivate: after.isPrivate,
      hidden: after.hidden,
      remotePrivate: after.remotePrivate,
      remoteHidden: after.remoteHidden,
      privateOverride: after.privateOverride,
      hiddenOverride: after.hiddenOverride,
    };
  });
}

/** "Sync this category's questions now": the sync-questions job for this one category (even with its auto-sync off). */
export async function syncCategoryQuestionsNow({ db, actor, organizationId }: Deps, boss: PgBoss, id: string): Promise<{ jobId: string | null; alreadyQueued: boolean }> {
  if (!canEditCategories(actor, organizationId)) throw forbidden();
  const rt = await db.requestType.findFirst({ where: { id, organizationId }, select: { integrationId: true, remoteKind: true } });
  if (!rt) throw notFound('Category');
  if (!rt.integrationId) throw badRequest('This category was made here, not synced from Cityworks: it has no Cityworks questions.');
  if (rt.remoteKind !== 'SERVICE_REQUEST') throw badRequest('Work order templates have no questions in Cityworks: only service request categories have questions to sync.');
  const r = await requestSync(db, boss, organizationId, rt.integrationId, { stream: 'questions', requestTypeId: id });
  await audit(db, actor, { organizationId, action: 'requestType.syncQuestions', entityType: ENTITY, entityId: id, changes: { jobId: r.jobId, alreadyQueued: r.alreadyQueued } });
  return { jobId: r.jobId, alreadyQueued: r.alreadyQueued };
}
