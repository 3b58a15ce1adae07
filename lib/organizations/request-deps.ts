import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { smtpMailer } from '@/lib/mail/send-mail';
import type { MemberDeps } from './manage-members';

/**
 * Where set-password links point: NEXTAUTH_URL (the address people open, behind any proxy), else
 * the address this request came to.
 */
export function linkBaseUrl(req: Request): string {
  return env.NEXTAUTH_URL ?? new URL(req.url).origin;
}

export function linkDeps(req: Request) {
  return { db, mailer: smtpMailer(env.SMTP_URL, env.SMTP_FROM), baseUrl: linkBaseUrl(req), linkHours: env.PASSWORD_LINK_HOURS };
}

export function memberDeps(req: Request, actor: Actor, organizationId: string): MemberDeps {
  return { ...linkDeps(req), actor, organizationId };
}
