import type { Db } from '@/lib/db';

export interface RateLimitPolicy {
  /** Failed attempts one address may make on one account within the window. */
  maxAttempts: number;
  windowSeconds: number;
}

/**
 * Failed sign-ins counted over a sliding window, in the database so the limit holds across web
 * processes and restarts. Three limits, so that an attacker is stopped and the victim only slowed:
 * - one address on one account: `maxAttempts` (the guessing limit);
 * - one account from every address: 4x that, so a botnet cannot guess much faster, while the owner,
 *   whose address is not the attacker's, still gets in until that softer limit is reached too;
 * - one address on every account: 4x, against spraying one password over many accounts (a city
 *   hall NAT shares an address, hence the room).
 * Every limit is a window, never a lock: failures older than `windowSeconds` stop counting.
 */
export const ACCOUNT_FACTOR = 4;
export const ADDRESS_FACTOR = 4;

/**
 * Checks the limits and records the attempt as failed in one step, under advisory locks on the
 * address and the account, so a parallel burst of guesses cannot all pass the count before any is
 * recorded. Returns the attempt's id (mark it succeeded once the password is verified), or null
 * when a limit is reached (nothing is recorded: a refused attempt does not extend the wait).
 */
export async function reserveLoginAttempt(db: Db, email: string, ip: string, policy: RateLimitPolicy, now = new Date()): Promise<bigint | null> {
  const since = new Date(now.getTime() - policy.windowSeconds * 1000);
  return db.$transaction(
    async (tx) => {
      // Always the address first, then the account: one order, so two attempts never deadlock.
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`login-ip:${ip}`}, 0))`;
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`login-account:${email}`}, 0))`;
      // The three counts in one statement: one round trip, and no queries run side by side on the
      // transaction's one connection (which pg 9 will refuse).
      const [counts] = await tx.$queryRaw<{ pair: number; account: number; address: number }[]>`
        SELECT count(*) FILTER (WHERE email = ${email} AND ip = ${ip})::int AS pair,
               count(*) FILTER (WHERE email = ${email})::int AS account,
               count(*) FILTER (WHERE ip = ${ip})::int AS address
        FROM "LoginAttempt"
        WHERE succeeded = false AND "createdAt" >= ${since} AND (email = ${email} OR ip = ${ip})`;
      const { pair, account, address } = counts ?? { pair: 0, account: 0, address: 0 };
      if (pair >= policy.maxAttempts || account >= policy.maxAttempts * ACCOUNT_FACTOR || address >= policy.maxAttempts * ADDRESS_FACTOR) return null;
      const row = await tx.loginAttempt.create({ data: { email, ip, succeeded: false, createdAt: now }, select: { id: true } });
      return row.id;
    },
    // A burst queues on the locks; each holder is a few short statements.
    { maxWait: 15_000, timeout: 15_000 },
  );
}

export async function markLoginSucceeded(db: Db, attemptId: bigint): Promise<void> {
  await db.loginAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
}
