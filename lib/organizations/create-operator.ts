import { issuePasswordLink, type IssuedLink } from '@/lib/auth/password-links';
import type { Db } from '@/lib/db';
import { HttpError } from '@/lib/http/errors';
import { z } from 'zod';
import { isUniqueViolation } from './create-organization';
import { emailAddress, personName } from './member-schemas';

const schema = z.object({ email: emailAddress, name: personName });

export const duplicateUserEmail = (email: string) =>
  new HttpError(409, 'duplicate_email', `A user with the email ${email} already exists.`, [{ path: 'email', message: 'Already in use.' }]);

/**
 * A platform operator, made from the command line only (on a fresh installation there is no one
 * to sign in yet). Returns their one-time set-password link.
 */
export async function createOperator(db: Db, raw: unknown, opts: { baseUrl: string; linkHours: number }): Promise<{ userId: string; link: IssuedLink }> {
  const input = schema.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw duplicateUserEmail(input.email);
      const user = await tx.user.create({ data: { email: input.email, name: input.name, operator: true } });
      return { userId: user.id, link: await issuePasswordLink(tx, user.id, { baseUrl: opts.baseUrl, hours: opts.linkHours }) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateUserEmail(input.email);
    throw err;
  }
}
