import { z } from 'zod';
import { audit } from '@/lib/audit';
import type { Db, Prisma } from '@/lib/db';
import { HttpError } from '@/lib/http/errors';
import { hashPassword, verifyPassword } from './password';
import { assertAcceptablePassword, MAX_PASSWORD_LENGTH } from './password-policy';
import { sessionStamp } from './session-stamp';
import type { Actor } from './roles';

type Tx = Prisma.TransactionClient;

const passwordChange = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(MAX_PASSWORD_LENGTH * 4),
  newPassword: z.string().max(MAX_PASSWORD_LENGTH * 4),
});
const profileChange = z.object({ name: z.string().trim().min(1, 'Enter your name.').max(100, 'At most 100 characters.') });

/** A change to one's own account is recorded in each organization the person belongs to. */
async function auditEverywhere(tx: Tx, actor: Actor, action: string, changes: Prisma.InputJsonValue): Promise<void> {
  const memberships = await tx.membership.findMany({ where: { userId: actor.userId }, select: { organizationId: true } });
  for (const m of memberships) await audit(tx, actor, { organizationId: m.organizationId, action, entityType: 'User', entityId: actor.userId, changes });
}

/**
 * Changes one's own password; every session opened with the old one ends (its stamp no longer
 * matches). Returns the new stamp, for the session that made the change to carry on.
 */
export async function changeOwnPassword(db: Db, actor: Actor, raw: unknown): Promise<{ sessionStamp: string }> {
  const input = passwordChange.parse(raw);
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!user.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new HttpError(400, 'wrong_password', 'Your current password is not correct.', [{ path: 'currentPassword', message: 'Not correct.' }]);
  }
  assertAcceptablePassword(input.newPassword, { email: user.email });
  if (input.newPassword === input.currentPassword) {
    throw new HttpError(400, 'password_reused', 'Choose a password different from your current one.', [{ path: 'newPassword', message: 'Same as the current password.' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    // Only if unchanged since it was checked: a concurrent change is not silently overwritten.
    const updated = await tx.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (updated.count !== 1) throw new HttpError(409, 'conflict', 'Your password was changed meanwhile. Reload and try again.');
    await auditEverywhere(tx, actor, 'user.password.change', {});
  });
  return { sessionStamp: sessionStamp(passwordHash) };
}

export async function changeOwnName(db: Db, actor: Actor, raw: unknown): Promise<{ changed: boolean }> {
  const input = profileChange.parse(raw);
  if (input.name === actor.name) return { changed: false };
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { name: input.name } });
    await auditEverywhere(tx, actor, 'user.rename', { name: { from: actor.name, to: input.name } });
  });
  return { changed: true };
}
