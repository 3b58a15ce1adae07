import type { Db } from '@/lib/db';
import { isChoiceQuestion, reportFormFor } from '@/lib/crm/report-form';
import { Open311Error } from './respond';

/** Open311 services: the organization's visible categories that an agency serves (elsewhere nobody could report them). */
export async function listServices(db: Db, organizationId: string) {
  const types = await db.requestType.findMany({
    where: { organizationId, hidden: false, agencyId: { not: null } },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, displayName: true, agency: { select: { name: true } }, _count: { select: { questions: { where: { hidden: false } } } } },
  });
  return types.map((t) => ({
    service_code: t.id,
    service_name: t.displayName ?? t.name,
    description: t.displayName ?? t.name,
    metadata: t._count.questions > 0,
    type: 'realtime',
    keywords: '',
    group: t.agency?.name ?? '',
  }));
}

const DATATYPE = { FREETEXT: 'text', DATE: 'datetime' } as const;

/** Attributes from the synced questions: code is the question id, a choice's key is the option id. */
export async function serviceDefinition(db: Db, organizationId: string, serviceCode: string) {
  const form = await reportFormFor(db, organizationId, serviceCode);
  if (!form) throw new Open311Error(404, `Unknown service_code ${serviceCode}`);
  return {
    service_code: form.requestTypeId,
    attributes: form.questions.map((q) => {
      const choice = isChoiceQuestion(q);
      return {
        variable: true,
        code: q.id,
        datatype: choice ? 'singlevaluelist' : (DATATYPE[q.format as keyof typeof DATATYPE] ?? 'string'),
        required: q.isRequired,
        datatype_description: choice ? 'One of the listed keys.' : q.format === 'DATE' ? 'A date, YYYY-MM-DD.' : '',
        order: q.sequence,
        description: q.text,
        ...(choice ? { values: q.options.map((o) => ({ key: o.id, name: o.label })) } : {}),
      };
    }),
  };
}
