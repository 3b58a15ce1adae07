import { createHash, randomBytes } from 'node:crypto';
import type { Db, Prisma } from '@/lib/db';
import { audit } from '@/lib/audit';
import { HttpError } from '@/lib/http/errors';
import type { Mailer } from '@/lib/mail/send-mail';
import { hashPassword, verifyPassword } from './password';
import { assertAcceptablePassword } from './password-policy';

type Tx = Prisma.TransactionClient;

/** The link's token travels only in the URL; the database keeps its sha256, never the token. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const setPasswordUrl = (baseUrl: string, token: string): string => `${baseUrl.replace(/\/+$/, '')}/set-password/${token}`;

export interface IssuedLink {
  url: string;
  expiresAt: Date;
}

/**
 * A fresh one-time link for the user. Earlier unused links stop working: only the newest one an
 * admin handed out is valid.
 */
export async function issuePasswordLink(tx: Tx, userId: string, opts: { baseUrl: string; hours: number }): Promise<IssuedLink> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await tx.passwordLink.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
  const expiresAt = new Date(now.getTime() + opts.hours * 3600_000);
  await tx.passwordLink.create({ data: { userId, tokenHash: hashToken(token), expiresAt } });
  return { url: setPasswordUrl(opts.baseUrl, token), expiresAt };
}

/** Emails the link when a mailer is configured; reports whether it went, never fails the change. */
export async function emailPasswordLink(
  mailer: Mailer | null,
  to: { email: string; name: string },
  link: IssuedLink,
  organizationTitle: string | null,
): Promise<{ emailed: boolean; emailError?: string }> {
  if (!mailer) return { emailed: false };
  const where = organizationTitle ? ` for ${organizationTitle}` : '';
  try {
    await mailer({
      to: to.email,
      subject: `Set your Civic Bridge password${where}`,
      text: [
        `Hello ${to.name},`,
        '',
        `Set your Civic Bridge password${where} with this link. It works once and expires on ${link.expiresAt.toUTCString()}.`,
        '',
        link.url,
        '',
        'If you did not expect this message, you can ignore it.',
      ].join('\n'),
    });
    return { emailed: true };
  } catch (err) {
    // The admin still has the link on screen; say why the mail did not go.
    return { emailed: false, emailError: err instanceof Error ? err.message : String(err) };
  }
}

export const linkInvalid = () => new HttpError(400, 'link_invalid', 'This link is not valid. Ask your administrator for a new one.');
export const linkUsed = () => new HttpError(400, 'link_used', 'This link has already been used. Ask your administrator for a new one.');
export const linkExpired = () => new HttpError(400, 'link_expired', 'This link has expired. Ask your administrator for a new one.');

async function findUsableLink(db: Db | Tx, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw linkInvalid();
  const link = await db.passwordLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!link || link.user.bot || link.user.disabled) throw linkInvalid();
  if (link.usedAt) throw linkUsed();
  if (link.expiresAt.getTime() <= Date.now()) throw linkExpired();
  return link;
}

/** Whom a link is for, to greet them on the page; throws the same errors as redeeming it. */
export async function describePasswordLink(db: Db, token: string): Promise<{ email: string; name: string }> {
  const link = await findUsableLink(db, token);
  return { email: link.user.email, name: link.user.name };
}

/**
 * Sets the password and spends the link, in one transaction. The link is claimed with a
 * conditional update, so two concurrent uses of one link cannot both succeed.
 */
export async function redeemPasswordLink(db: Db, token: string, password: string): Promise<{ email: string }> {
  const link = await findUsableLink(db, token);
  assertAcceptablePassword(password, { email: link.user.email });
  if (link.user.passwordHash && (await verifyPassword(password, link.user.passwordHash))) {
    throw new HttpError(400, 'password_reused', 'Choose a password different from your current one.', [{ path: 'password', message: 'Same as the current password.' }]);
  }
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const claimed = await tx.passwordLink.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) throw linkUsed();
    await tx.user.update({ where: { id: link.userId }, data: { passwordHash } });
    const memberships = await tx.membership.findMany({ where: { userId: link.userId }, select: { organizationId: true } });
    for (const m of memberships) {
      await audit(tx, { userId: link.userId, email: link.user.email }, { organizationId: m.organizationId, action: 'user.password.set', entityType: 'User', entityId: link.userId, changes: { via: 'set-password link' } });
    }
  });
  return { email: link.user.email };
}
