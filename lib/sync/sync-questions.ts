import type { QuestionFormat } from '@/generated/prisma/enums';
import type { ProblemQa } from '@/lib/cityworks';
import type { Db } from '@/lib/db';
import { isPrivateQuestionText } from '@/lib/crm/answer-rules';
import { runInboundStream, type InboundStreamOptions } from './inbound/run-stream';

/**
 * Cityworks QA -> a category's questions (SR problems only; WO templates have no QA).
 *   private   when the text mentions email, e-mail or phone (any case)
 *   required  always (SCF's rule for imported questions)
 *   order     QuestionSequence
 *   formats   FREETEXT, THISTEXT, YES, NO, DATE with their answer options; any other format is
 *             flagged (the question is hidden and named in the report), never a crash
 *   branching each option keeps the remote question it leads to (nextRemoteQuestionId) and the
 *             category is marked `branching`, so the form can follow the path
 * Questions gone upstream are hidden (answers point at them); options gone upstream are removed.
 * Categories with autoSyncQuestions off are left alone by the scheduled run; "sync now" on one
 * category (requestTypeId) syncs it whatever its switch. An admin's private / hidden overrides are
 * kept apart from the synced values and survive every sync (effectiveFlags).
 */

const FORMATS: readonly QuestionFormat[] = ['FREETEXT', 'THISTEXT', 'YES', 'NO', 'DATE'];

function knownFormat(format: string): QuestionFormat | null {
  const f = format.trim().toUpperCase();
  return (FORMATS as readonly string[]).includes(f) ? (f as QuestionFormat) : null;
}

export interface QuestionFlag {
  requestTypeId: string;
  remoteQuestionId: string;
  reason: string;
}

export interface QuestionCounts {
  categories: number;
  inserted: number;
  changed: number;
  unchanged: number;
  hidden: number;
  flagged: QuestionFlag[];
}

interface PlannedQuestion {
  remoteQuestionId: string;
  text: string;
  sequence: number;
  format: QuestionFormat;
  isPrivate: boolean;
  hidden: boolean;
  options: { remoteAnswerId: string; label: string; format: QuestionFormat; sequence: number; nextRemoteQuestionId: string | null }[];
}

/** Pure: QA as Cityworks returns it -> the questions to store, plus what could not be mapped. */
export function planQuestions(qa: ProblemQa): { questions: PlannedQuestion[]; branching: boolean; flags: { remoteQuestionId: string; reason: string }[] } {
  const flags: { remoteQuestionId: string; reason: string }[] = [];
  const ordered = [...qa.questions].sort((a, b) => (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER) || a.questionId - b.questionId);
  let branching = qa.branching;
  const questions = ordered.map((q, index): PlannedQuestion => {
    const answers = qa.answers
      .filter((a) => a.questionId === q.questionId)
      .sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.answerId - b.answerId);
    const options: PlannedQuestion['options'] = [];
    const unknown = new Set<string>();
    for (const [i, a] of answers.entries()) {
      const format = knownFormat(a.format);
      if (!format) {
        unknown.add(a.format);
        continue;
      }
      if (a.nextQuestionId !== null) branching = true;
      options.push({
        remoteAnswerId: String(a.answerId),
        label: a.answer.trim() || (format === 'YES' ? 'Yes' : format === 'NO' ? 'No' : ''),
        format,
        sequence: a.sequence ?? i + 1,
        nextRemoteQuestionId: a.nextQuestionId !== null ? String(a.nextQuestionId) : null,
      });
    }
    if (unknown.size > 0) flags.push({ remoteQuestionId: String(q.questionId), reason: `Unsupported answer format ${[...unknown].join(', ')}` });
    if (answers.length === 0) flags.push({ remoteQuestionId: String(q.questionId), reason: 'No answers in Cityworks' });
    // A question whose every answer has an unsupported format cannot be answered here: hide it.
    const format = options[0]?.format ?? 'FREETEXT';
    return {
      remoteQuestionId: String(q.questionId),
      text: q.question.trim(),
      sequence: q.sequence ?? index + 1,
      format,
      isPrivate: isPrivateQuestionText(q.question),
      hidden: options.length === 0,
      options,
    };
  });
  return { questions, branching, flags };
}

async function storeQuestions(db: Db, requestTypeId: string, qa: ProblemQa, counts: QuestionCounts): Promise<void> {
  const plan = planQuestions(qa);
  for (const f of plan.flags) counts.flagged.push({ requestTypeId, ...f });
  await db.$transaction(async (tx) => {
    const existing = await tx.question.findMany({ where: { requestTypeId }, include: { options: true } });
    const byRemote = new Map(existing.map((q) => [q.remoteQuestionId, q]));
    const kept = new Set<string>();
    for (const q of plan.questions) {
      kept.add(q.remoteQuestionId);
      const row = byRemote.get(q.remoteQuestionId);
      // The sync owns remotePrivate / remoteHidden; the admin's overrides are read, never written.
      const fields = {
        text: q.text,
        sequence: q.sequence,
        format: q.format,
        isRequired: true,
        remotePrivate: q.isPrivate,
        remoteHidden: q.hidden,
        ...effectiveFlags({ remotePrivate: q.isPrivate, remoteHidden: q.hidden, privateOverride: row?.privateOverride ?? null, hiddenOverride: row?.hiddenOverride ?? null }),
      };
      let questionId: string;
      if (!row) {
        questionId = (await tx.question.create({ data: { requestTypeId, remoteQuestionId: q.remoteQuestionId, ...fields }, select: { id: true } })).id;
        counts.inserted++;
      } else {
        questionId = row.id;
        const sameQuestion =
          row.text === fields.text && row.sequence === fields.sequence && row.format === fields.format && row.isPrivate === fields.isPrivate && row.isRequired && row.hidden === fields.hidden &&
          row.remotePrivate === fields.remotePrivate && row.remoteHidden === fields.remoteHidden;
        const sameOptions =
          row.options.length === q.options.length &&
          q.options.every((o) => row.options.some((r) => r.remoteAnswerId === o.remoteAnswerId && r.label === o.label && r.format === o.format && r.sequence === o.sequence && r.nextRemoteQuestionId === o.nextRemoteQuestionId));
        if (sameQuestion && sameOptions) {
          counts.unchanged++;
          continue;
        }
        if (!sameQuestion) await tx.question.update({ where: { id: row.id }, data: fields });
        counts.changed++;
      }
      const optionIds = q.options.map((o) => o.remoteAnswerId);
      await tx.answerOption.deleteMany({ where: { questionId, remoteAnswerId: { notIn: optionIds } } });
      for (const o of q.options) {
        await tx.answerOption.upsert({
          where: { questionId_remoteAnswerId: { questionId, remoteAnswerId: o.remoteAnswerId } },
          create: { questionId, ...o },
          update: { label: o.label, format: o.format, sequence: o.sequence, nextRemoteQuestionId: o.nextRemoteQuestionId },
        });
      }
    }
    const gone = existing.filter((q) => q.remoteQuestionId !== null && !kept.has(q.remoteQuestionId) && !q.remoteHidden);
    if (gone.length > 0) {
      await tx.question.updateMany({ where: { id: { in: gone.map((q) => q.id) } }, data: { hidden: true, remoteHidden: true } });
      counts.hidden += gone.length;
    }
    await tx.requestType.update({ where: { id: requestTypeId }, data: { branching: plan.branching, syncedAt: new Date() } });
  });
}

/**
 * What the forms and views read: the admin's override where there is one, else the sync's value.
 * A question the sync hid (gone upstream, or no answer format we can send) stays hidden: showing it
 * would ask citizens for answers Cityworks cannot take.
 */
export function effectiveFlags(q: { remotePrivate: boolean; remoteHidden: boolean; privateOverride: boolean | null; hiddenOverride: boolean | null }): { isPrivate: boolean; hidden: boolean } {
  return { isPrivate: q.privateOverride ?? q.remotePrivate, hidden: q.remoteHidden || q.hiddenOverride === true };
}

export interface SyncQuestionsOptions extends InboundStreamOptions {
  /** Only this category (the "sync questions" button of one category); it is synced even if auto-sync is off. */
  requestTypeId?: string;
}

export async function syncQuestions(db: Db, integrationId: string, opts: SyncQuestionsOptions = {}): Promise<QuestionCounts> {
  return runInboundStream(db, integrationId, 'questions', opts, async ({ remote, startedAt, progress }) => {
    const counts: QuestionCounts = { categories: 0, inserted: 0, changed: 0, unchanged: 0, hidden: 0, flagged: [] };
    const single = opts.requestTypeId !== undefined;
    if (!single && !remote.settings.switches.autoSyncQuestions) return { result: counts, record: null };
    const categories = await db.requestType.findMany({
      where: {
        integrationId,
        remoteKind: 'SERVICE_REQUEST',
        ...(single ? { id: opts.requestTypeId } : { autoSyncQuestions: true, hidden: false }),
      },
      select: { id: true, remoteCode: true },
      orderBy: { remoteCode: 'asc' },
    });
    await progress(0, categories.length);
    for (const [i, c] of categories.entries()) {
      const problemSid = Number(c.remoteCode);
      if (!Number.isInteger(problemSid)) {
        counts.flagged.push({ requestTypeId: c.id, remoteQuestionId: '', reason: `Category code ${c.remoteCode ?? ''} is not a ProblemSid` });
        continue;
      }
      await storeQuestions(db, c.id, await remote.client.serviceRequests.qa(problemSid), counts);
      counts.categories++;
      await progress(i + 1, categories.length);
    }
    const { flagged, ...numbers } = counts;
    return {
      result: counts,
      record: {
        cursor: { counts: { ...numbers, flagged: flagged.length } },
        windowStart: startedAt,
        windowEnd: startedAt,
        done: categories.length,
        total: categories.length,
        message: flagged.length > 0 ? `Flagged: ${flagged.map((f) => `question ${f.remoteQuestionId}: ${f.reason}`).join('; ').slice(0, 1500)}` : 'No question flagged',
        event: { operation: 'sync-questions', details: { ...numbers, flagged: flagged.map((f) => ({ ...f })) } },
      },
    };
  });
}
