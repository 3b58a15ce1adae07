import type { Db } from '@/lib/db';
import { ShortLivedCache } from '@/lib/cache/short-lived-cache';
import { loadServiceCodes, type ServiceCodes } from '@/lib/open311/service-codes';
import { reportFormWithAgency, type ReportForm } from './report-form';

/**
 * The reads every anonymous report repeats (web form and Open311), kept per web process for at
 * most REPORT_LOOKUP_TTL_MS: at hundreds of reports a second each was a round trip per report for
 * a row that changes a few times a year. Why a stale value is safe within the bound:
 * - the organization's id by slug: an id never changes; a slug renamed or created is seen within
 *   the bound;
 * - the category's form (questions, options, name) and its agency: the report's write re-checks,
 *   in the same statement that saves it, that the category is still the organization's, still
 *   visible and still in the agency whose area was checked (createIssue's `visibleIn`), so a category
 *   hidden or moved by an admin is refused at once; only the questions asked may be up to the bound
 *   old (a question made required applies to reports sent after the bound);
 * - Open311's service codes: a code resolves to a category id, which the write checks as above.
 * Every process holds its own copy; the bound holds across processes because it is a time bound.
 */
export const REPORT_LOOKUP_TTL_MS = 2000;

const organizations = new ShortLivedCache<string | null>(REPORT_LOOKUP_TTL_MS);
const forms = new ShortLivedCache<{ form: ReportForm; agencyId: string | null } | null>(REPORT_LOOKUP_TTL_MS);
const serviceCodes = new ShortLivedCache<ServiceCodes>(REPORT_LOOKUP_TTL_MS);

/** The organization's id, or null when no organization has this slug. */
export function organizationIdBySlug(db: Db, slug: string): Promise<string | null> {
  return organizations.get(slug, async () => (await db.organization.findUnique({ where: { slug }, select: { id: true } }))?.id ?? null);
}

/** reportFormWithAgency, at most REPORT_LOOKUP_TTL_MS old. */
export function recentReportForm(db: Db, organizationId: string, requestTypeId: string): Promise<{ form: ReportForm; agencyId: string | null } | null> {
  return forms.get(`${organizationId}:${requestTypeId}`, () => reportFormWithAgency(db, organizationId, requestTypeId));
}

/** loadServiceCodes, at most REPORT_LOOKUP_TTL_MS old. */
export function recentServiceCodes(db: Db, organizationId: string): Promise<ServiceCodes> {
  return serviceCodes.get(organizationId, () => loadServiceCodes(db, organizationId));
}

/** For tests that change a category and report against it at once in the same process. */
export function clearReportLookups(): void {
  organizations.clear();
  forms.clear();
  serviceCodes.clear();
}
