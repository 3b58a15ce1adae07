import type { Db } from '@/lib/db';
import { isChoiceQuestion, reportFormFor } from '@/lib/crm/report-form';
import { Open311Error } from './respond';
import { loadServiceCodes } from './service-codes';

/**
 * GeoReport v2 omits an optional field that has no value (the community's JSON schema and the
 * clients built on it read `""` as a value): every response is built with `present()`.
 */
export function present<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== '')) as { [K in keyof T]?: Exclude<T[K], null | undefined> };
}

/** Open311 services: the organization's visible categories that an agency serves (elsewhere nobody could report them). */
export async function listServices(db: Db, organizationId: string) {
  const [types, codes] = await Promise.all([
    db.requestType.findMany({
      where: { organizationId, hidden: false, agencyId: { not: null } },
      orderBy: { name: 'asc' },
      select: { id: true, name: true, displayName: true, agency: { select: { name: true } }, _count: { select: { questions: { where: { hidden: false } } } } },
    }),
    loadServiceCodes(db, organizationId),
  ]);
  return types.map((t) => ({
    service_code: codes.codeOf(t.id),
    service_name: t.displayName ?? t.name,
    ...present({ description: t.displayName ?? t.name }),
    metadata: t._count.questions > 0,
    type: 'realtime',
    ...present({ group: t.agency?.name }),
  }));
}

const DATATYPE = { FREETEXT: 'text', DATE: 'datetime' } as const;

/** Attributes from the synced questions: code is the question id, a choice's key is the option id. */
export async function serviceDefinition(db: Db, organizationId: string, serviceCode: string) {
  const codes = await loadServiceCodes(db, organizationId);
  const requestTypeId = codes.categoryOf(serviceCode);
  const form = requestTypeId ? await reportFormFor(db, organizationId, requestTypeId) : null;
  if (!form) throw new Open311Error(404, `Unknown service_code ${serviceCode}`);
  return {
    service_code: codes.codeOf(form.requestTypeId),
    attributes: form.questions.map((q) => {
      const choice = isChoiceQuestion(q);
      return {
        variable: true,
        code: q.id,
        datatype: choice ? 'singlevaluelist' : (DATATYPE[q.format as keyof typeof DATATYPE] ?? 'string'),
        required: q.isRequired,
        ...present({ datatype_description: choice ? 'One of the listed keys.' : q.format === 'DATE' ? 'A date, YYYY-MM-DD.' : undefined }),
        order: q.sequence,
        ...present({ description: q.text }),
        ...(choice ? { values: q.options.map((o) => ({ key: o.id, name: o.label })) } : {}),
      };
    }),
  };
}
