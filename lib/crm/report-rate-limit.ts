/**
 * Anonymous reports per client address: a sliding window kept in this web process. One web
 * process serves an organization today; several would each allow the limit (documented in the
 * report page's notes), which still stops a script flooding one process.
 */
export const REPORTS_PER_WINDOW = 20;
export const REPORT_WINDOW_MS = 10 * 60_000;

const seen = new Map<string, number[]>();

/** Records an attempt; returns the seconds to wait when over the limit, else null. */
export function takeReportSlot(key: string, now = Date.now()): number | null {
  const recent = (seen.get(key) ?? []).filter((t) => now - t < REPORT_WINDOW_MS);
  if (recent.length >= REPORTS_PER_WINDOW) {
    seen.set(key, recent);
    return Math.max(1, Math.ceil((recent[0]! + REPORT_WINDOW_MS - now) / 1000));
  }
  recent.push(now);
  seen.set(key, recent);
  // Keep the map from growing without bound under many addresses.
  if (seen.size > 10_000) for (const [k, v] of seen) if (v.every((t) => now - t >= REPORT_WINDOW_MS)) seen.delete(k);
  return null;
}

export function clientAddress(req: Request): string {
  const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || req.headers.get('x-real-ip')?.trim() || 'local';
}
