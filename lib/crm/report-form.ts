import type { QuestionFormat } from '@/generated/prisma/enums';
import type { Db } from '@/lib/db';

/** What a reporter is asked for one category: its questions in QuestionSequence order with their answer options. */
export interface ReportFormQuestion {
  id: string;
  remoteQuestionId: string | null;
  text: string;
  sequence: number;
  format: QuestionFormat;
  isRequired: boolean;
  isPrivate: boolean;
  options: { id: string; label: string; format: QuestionFormat; nextRemoteQuestionId: string | null }[];
}

export interface ReportForm {
  requestTypeId: string;
  name: string;
  branching: boolean;
  questions: ReportFormQuestion[];
}

/** The category's visible questions, or null when the category is unknown, hidden or of another organization. */
export async function reportFormFor(db: Db, organizationId: string, requestTypeId: string): Promise<ReportForm | null> {
  return (await reportFormWithAgency(db, organizationId, requestTypeId))?.form ?? null;
}

/**
 * The same, with the agency the category belongs to (whose area decides where it may be
 * reported), read in the same query: a report checks its point against it without reading the
 * categories again.
 */
export async function reportFormWithAgency(db: Db, organizationId: string, requestTypeId: string): Promise<{ form: ReportForm; agencyId: string | null } | null> {
  const rt = await db.requestType.findFirst({
    where: { id: requestTypeId, organizationId, hidden: false },
    select: {
      id: true,
      agencyId: true,
      name: true,
      displayName: true,
      branching: true,
      questions: {
        where: { hidden: false },
        orderBy: { sequence: 'asc' },
        select: {
          id: true,
          remoteQuestionId: true,
          text: true,
          sequence: true,
          format: true,
          isRequired: true,
          isPrivate: true,
          options: { orderBy: { sequence: 'asc' }, select: { id: true, label: true, format: true, nextRemoteQuestionId: true } },
        },
      },
    },
  });
  if (!rt) return null;
  return { form: { requestTypeId: rt.id, name: rt.displayName ?? rt.name, branching: rt.branching, questions: rt.questions }, agencyId: rt.agencyId };
}

/** A question answered by picking one of its options (THISTEXT, YES, NO); FREETEXT and DATE take typed text. */
export function isChoiceQuestion(q: { format: QuestionFormat; options: readonly unknown[] }): boolean {
  return q.format !== 'FREETEXT' && q.format !== 'DATE' && q.options.length > 0;
}
