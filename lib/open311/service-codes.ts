import type { Db } from '@/lib/db';

/**
 * Open311 service codes that outlive our database: a category synced from Cityworks is known by its
 * Cityworks code (the ProblemSid of an SR problem, the template id of a WO template), so a client
 * that stored "101" keeps working when the category is re-created by a later sync. A local category
 * (no Cityworks code) keeps its database id, and so does a category whose Cityworks code another of
 * the organization's categories shares (two integrations, or an SR problem and a WO template with
 * the same number): the code must name one category. Database ids are still accepted on the way in,
 * so clients written against the earlier codes keep working.
 */

interface CodedCategory {
  id: string;
  remoteCode: string | null;
}

export interface ServiceCodes {
  /** requestTypeId -> service_code */
  codeOf(requestTypeId: string): string;
  /** service_code (or a database id) -> requestTypeId, or null when it names no category. */
  categoryOf(serviceCode: string): string | null;
}

export function serviceCodesFor(categories: readonly CodedCategory[]): ServiceCodes {
  const uses = new Map<string, number>();
  for (const c of categories) if (c.remoteCode) uses.set(c.remoteCode, (uses.get(c.remoteCode) ?? 0) + 1);
  const codeById = new Map<string, string>();
  const idByCode = new Map<string, string>();
  const ids = new Set<string>();
  for (const c of categories) {
    ids.add(c.id);
    const code = c.remoteCode && uses.get(c.remoteCode) === 1 ? c.remoteCode : c.id;
    codeById.set(c.id, code);
    idByCode.set(code, c.id);
  }
  return {
    codeOf: (id) => codeById.get(id) ?? id,
    categoryOf: (code) => idByCode.get(code) ?? (ids.has(code) ? code : null),
  };
}

/** Every category of the organization, hidden ones too: their issues still answer GET requests. */
export async function loadServiceCodes(db: Db, organizationId: string): Promise<ServiceCodes> {
  const categories = await db.requestType.findMany({ where: { organizationId }, select: { id: true, remoteCode: true } });
  return serviceCodesFor(categories);
}
