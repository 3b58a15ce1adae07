import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Db } from '@/lib/db';
import { agenciesAtPoint } from '@/lib/routing/categories-at-point';
import { validateAnswers } from './answer-rules';
import { createIssue, UnknownCategoryError, type CreatedIssue } from './create-issue';
import { imageInputSchema } from './media-input';
import { questionPath } from './question-path';
import { isChoiceQuestion, type ReportFormQuestion } from './report-form';
import { recentReportForm, REPORT_LOOKUP_TTL_MS } from './report-lookups';

/** A report as a citizen (web form) or a third-party 311 app (Open311) sends it, before the category's rules are applied. */
export const reportInputSchema = z.object({
  requestTypeId: z.string().min(1),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  summary: z.string().trim().min(1, 'Say in a few words what the problem is').max(200),
  description: z.string().trim().max(10_000).default(''),
  address: z.string().trim().max(500).nullable().default(null),
  reporterName: z.string().trim().max(200).nullable().default(null),
  reporterEmail: z.string().trim().email('Enter a valid email address or leave it empty').max(320).nullable().default(null),
  // Keyed by question id: an option id for a choice question, the typed text for FREETEXT and DATE.
  answers: z.record(z.string(), z.string().max(2000)).default({}),
  image: imageInputSchema.nullable().default(null),
});

export type ReportInput = z.input<typeof reportInputSchema>;

export interface ReportProblem {
  /** `category`, `location`, `answers.<questionId>`, or a field name. */
  field: string;
  message: string;
}

/** The report breaks one of the category's rules; nothing was saved. */
export class InvalidReport extends Error {
  constructor(readonly problems: ReportProblem[], readonly kind: 'invalid' | 'unknown-category' = 'invalid') {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'InvalidReport';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

interface NormalizedAnswer {
  questionId: string;
  answerOptionId: string | null;
  value: string;
}

function normalizeAnswer(q: ReportFormQuestion, raw: string): { answer: NormalizedAnswer | null; problem: string | null } {
  if (isChoiceQuestion(q)) {
    if (raw.trim() === '') return { answer: null, problem: null };
    const option = q.options.find((o) => o.id === raw);
    if (!option) return { answer: null, problem: `"${q.text}": choose one of ${q.options.map((o) => o.label).join(', ')}` };
    return { answer: { questionId: q.id, answerOptionId: option.id, value: option.label }, problem: null };
  }
  const value = raw.trim();
  if (value === '') return { answer: null, problem: null };
  if (q.format === 'DATE' && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) return { answer: null, problem: `"${q.text}": enter a date (YYYY-MM-DD)` };
  return { answer: { questionId: q.id, answerOptionId: q.options[0]?.id ?? null, value }, problem: null };
}

/**
 * Checks a report against its category, the point and the category's questions, then saves it
 * through createIssue (which enqueues the Cityworks submission in the same transaction). The
 * category must be offered at the point; required answers on the question path must hold text
 * other than white space; answers to questions off the path are dropped. The form and the agencies'
 * areas may be up to REPORT_LOOKUP_TTL_MS old (lib/crm/report-lookups.ts says why that is safe);
 * the category's visibility and agency are checked again by the write itself.
 */
export async function submitReport(
  db: Db,
  boss: PgBoss,
  organizationId: string,
  source: 'WEB' | 'OPEN311',
  raw: ReportInput,
): Promise<CreatedIssue> {
  const input = reportInputSchema.parse(raw);
  const found = await recentReportForm(db, organizationId, input.requestTypeId);
  if (!found) throw unknownCategory();
  const { form, agencyId } = found;
  // Offered at the point (categoriesAtPoint's rule: a visible category of an agency whose area holds
  // the point), checked against the agency read with the form instead of reading the categories again.
  if (agencyId === null || !(await agenciesAtPoint(organizationId, input.lng, input.lat, { maxStaleMs: REPORT_LOOKUP_TTL_MS })).includes(agencyId)) {
    throw new InvalidReport([{ field: 'location', message: `"${form.name}" cannot be reported at this location` }]);
  }

  const problems: ReportProblem[] = [];
  const known = new Map(form.questions.map((q) => [q.id, q]));
  for (const questionId of Object.keys(input.answers)) {
    if (!known.has(questionId)) problems.push({ field: `answers.${questionId}`, message: 'Answer to a question this category does not ask' });
  }
  const chosen = new Map<string, string | null>();
  const normalized = new Map<string, NormalizedAnswer>();
  for (const q of form.questions) {
    const raw = input.answers[q.id];
    if (raw === undefined) continue;
    const { answer, problem } = normalizeAnswer(q, raw);
    if (problem) problems.push({ field: `answers.${q.id}`, message: problem });
    if (answer) {
      normalized.set(q.id, answer);
      chosen.set(q.id, answer.answerOptionId);
    }
  }
  const path = questionPath(form.questions, form.branching, chosen);
  const onPath = path.map((q) => normalized.get(q.id)).filter((a): a is NormalizedAnswer => a !== undefined);
  for (const p of validateAnswers(path, onPath)) problems.push({ field: `answers.${p.questionId}`, message: p.message });
  if (problems.length > 0) throw new InvalidReport(problems);

  const report = {
    organizationId,
    requestTypeId: form.requestTypeId,
    source,
    summary: input.summary,
    description: input.description,
    lat: input.lat,
    lng: input.lng,
    address: input.address,
    reporterName: input.reporterName,
    reporterEmail: input.reporterEmail,
    answers: onPath,
    image: input.image,
  };
  return createIssue(db, boss, report, { visibleInAgency: agencyId }).catch((err: unknown) => {
    // Hidden, moved or deleted since the form was read: the same answer as an unknown category.
    throw err instanceof UnknownCategoryError ? unknownCategory() : err;
  });
}

function unknownCategory(): InvalidReport {
  return new InvalidReport([{ field: 'category', message: 'This category does not exist' }], 'unknown-category');
}
