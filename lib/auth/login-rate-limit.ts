import type { Db } from '@/lib/db';

export interface RateLimitPolicy {
  maxAttempts: number;
  windowSeconds: number;
}

/**
 * Failed attempts are counted per account and per client address over a sliding window, in the
 * database so the limit holds across web processes and restarts. An address gets more room than
 * an account because several people may share one (a city hall NAT).
 */
export async function isLoginBlocked(db: Db, email: string, ip: string, policy: RateLimitPolicy): Promise<boolean> {
  const since = new Date(Date.now() - policy.windowSeconds * 1000);
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { email, succeeded: false, createdAt: { gte: since } } }),
    db.loginAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: since } } }),
  ]);
  return byEmail >= policy.maxAttempts || byIp >= policy.maxAttempts * 4;
}

export async function recordLoginAttempt(db: Db, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.loginAttempt.create({ data: { email, ip, succeeded } });
}
