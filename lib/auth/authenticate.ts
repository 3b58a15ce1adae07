import type { Db } from '@/lib/db';
import { markLoginSucceeded, reserveLoginAttempt, type RateLimitPolicy } from './login-rate-limit';
import { dummyPasswordHash, verifyPassword } from './password';
import { mayHaveSession } from './session-rule';
import { sessionStamp } from './session-stamp';

export type LoginResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionStamp: string } }
  | { ok: false; reason: 'invalid' | 'rate-limited' };

export async function authenticateUser(
  db: Db,
  input: { email: string; password: string; ip: string },
  policy: RateLimitPolicy,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  // The attempt is recorded as failed before the (slow) password check, so guesses running in
  // parallel are counted as they start, not as they finish.
  const attempt = await reserveLoginAttempt(db, email, input.ip, policy);
  if (attempt === null) return { ok: false, reason: 'rate-limited' };
  const user = await db.user.findUnique({
    where: { email },
    include: { _count: { select: { memberships: { where: { deactivatedAt: null } } } } },
  });
  // No password yet (a new member, the bot): compared against the dummy so timing tells nothing.
  const valid = await verifyPassword(input.password, user?.passwordHash || (await dummyPasswordHash()));
  const ok = valid && !!user && !!user.passwordHash && mayHaveSession(user, user._count.memberships);
  if (!ok || !user) return { ok: false, reason: 'invalid' };
  await markLoginSucceeded(db, attempt);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionStamp: sessionStamp(user.passwordHash) } };
}
