/**
 * The SQLSTATE of a failed statement, wherever it came from: Prisma's driver adapter keeps it in
 * `meta.driverAdapterError.cause.originalCode`, node-postgres (pg-boss) in `code`.
 */
export function sqlStateOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const meta = (err as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta;
  const fromPrisma = meta?.driverAdapterError?.cause?.originalCode;
  if (typeof fromPrisma === 'string') return fromPrisma;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Prisma's own codes for a database that could not be reached, a pool that ran dry, or a conflict. */
const TRANSIENT_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);

/**
 * Whether trying again later can succeed: a lost or refused connection (class 08, 57P01-57P03),
 * a serialization failure or deadlock (40001, 40P01), too many connections or other exhausted
 * resources (class 53), a lock not available (55P03). Anything else (a constraint, a syntax
 * error, a raised exception) fails the same way again.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  const state = sqlStateOf(err);
  if (state) return /^(08|53)/.test(state) || ['40001', '40P01', '57P01', '57P02', '57P03', '55P03'].includes(state);
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_PRISMA_CODES.has(code);
}
