/**
 * Largest id list sent in one ByIds/Search/Close call. Cityworks has no documented cap (one
 * integrator treats 5000 as the AMS limit), but each id becomes a SQL parameter on the server
 * (SQL Server stops at 2100 per statement), the whole list travels in one form field, and 500 full
 * records answer comfortably inside the client timeout on a slow site. 500 keeps all three safe
 * while still turning a 10 000-issue poll into 20 calls.
 */
export const MAX_IDS_PER_CALL = 500;

export function chunk<T>(items: readonly T[], size = MAX_IDS_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `call` per chunk, one after another (never in parallel: the per-integration concurrency
 * limit governs parallelism, not this helper), and concatenates the results.
 */
export async function inChunks<T, R>(items: readonly T[], call: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const part of chunk(items)) out.push(...(await call(part)));
  return out;
}
