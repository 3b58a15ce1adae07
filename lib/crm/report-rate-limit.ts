import type { Db } from '@/lib/db';
import { env } from '@/lib/env';
import { takeRateLimitSlot, takeRateLimitSlots, type RateLimitPolicy } from '@/lib/http/rate-limit';

/** Anonymous reports (web form and Open311) per organization and client address (env REPORTS_PER_WINDOW, default 20). */
export const REPORTS_PER_WINDOW = env.REPORTS_PER_WINDOW;
export const REPORT_WINDOW_MS = 10 * 60_000;
const REPORTS: RateLimitPolicy = { bucket: 'report', limit: REPORTS_PER_WINDOW, windowMs: REPORT_WINDOW_MS };

/** Records a report attempt; returns the seconds to wait when over the limit, else null. */
export function takeReportSlot(db: Db, key: string, now = new Date()): Promise<number | null> {
  return takeRateLimitSlot(db, REPORTS, key, now);
}

export type ReportRefusal = { waitSeconds: number; reason: 'address' | 'organization' };

/**
 * The slots an anonymous report takes: one of the client address's (per organization) and one of
 * the organization's hourly cap (REPORTS_PER_ORGANIZATION_PER_HOUR), which holds however many
 * addresses a flood comes from. Null when the report may go ahead.
 */
export async function takeAnonymousReportSlots(db: Db, organizationId: string, address: string, now = new Date()): Promise<ReportRefusal | null> {
  // In one-minute slices: at most 61 rows to count however high the cap is set (a report counts
  // against it for 60 to 61 minutes), where a row per report made every report read the whole hour.
  const perOrganization: RateLimitPolicy = { bucket: 'report-organization', limit: env.REPORTS_PER_ORGANIZATION_PER_HOUR, windowMs: 3600_000, sliceMs: 60_000 };
  // Both in one go; the organization's slot is taken only when the address's was granted.
  const refused = await takeRateLimitSlots(db, [{ policy: REPORTS, key: `${organizationId}:${address}` }, { policy: perOrganization, key: organizationId }], now);
  if (!refused) return null;
  return { waitSeconds: refused.waitSeconds, reason: refused.index === 0 ? 'address' : 'organization' };
}

export function reportRefusalMessage(r: ReportRefusal): string {
  return r.reason === 'address'
    ? `Too many reports from this address. Try again in ${r.waitSeconds} seconds.`
    : `This organization has received too many reports in the last hour. Try again in ${Math.ceil(r.waitSeconds / 60)} minutes.`;
}

/**
 * Address searches per organization and client address. Each one spends the city's geocoder (and
 * its credits, on ArcGIS Online), so the route must not be an open proxy; the form searches only
 * when asked, never as the citizen types, so a person stays far below this.
 */
export const ADDRESS_SEARCHES_PER_WINDOW = 60;
const ADDRESS_SEARCHES: RateLimitPolicy = { bucket: 'address-search', limit: ADDRESS_SEARCHES_PER_WINDOW, windowMs: REPORT_WINDOW_MS };

export function takeAddressSearchSlot(db: Db, key: string, now = new Date()): Promise<number | null> {
  return takeRateLimitSlot(db, ADDRESS_SEARCHES, key, now);
}
