import { z } from 'zod';
import { emailPasswordLink, issuePasswordLink } from '@/lib/auth/password-links';
import { audit, type AuditActor } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { HttpError } from '@/lib/http/errors';
import type { Mailer } from '@/lib/mail/send-mail';
import { ensureBotMember } from './bot-member';
import { emailAddress, personName } from './member-schemas';
import type { LinkResult } from './manage-members';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Lower-case words joined by single hyphens: the slug is the organization's address (/admin/<slug>).
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const createOrganizationSchema = z.object({
  name: z.string().trim().min(2, 'Enter the organization name.').max(120),
  slug: z.string().trim().toLowerCase().min(2, 'At least 2 characters.').max(50, 'At most 50 characters.').regex(SLUG, 'Use lower-case letters, digits and single hyphens, e.g. new-haven.'),
  timeZone: z.string().trim().refine(isTimeZone, 'Not a time zone. Use an IANA name such as America/New_York.'),
  mapCenter: z.object({
    lat: z.number().min(-90, 'Latitude is between -90 and 90.').max(90, 'Latitude is between -90 and 90.'),
    lng: z.number().min(-180, 'Longitude is between -180 and 180.').max(180, 'Longitude is between -180 and 180.'),
  }),
  admin: z.object({ name: personName, email: emailAddress }),
});

export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;

export const duplicateSlug = (slug: string) => new HttpError(409, 'duplicate_slug', `The URL slug "${slug}" is already taken. Choose another.`, [{ path: 'slug', message: 'Already taken.' }]);

/**
 * A new organization, its integration bot and its first customer admin, in one transaction. An
 * admin who already has an account (e.g. serving another city) is added to the new organization
 * and keeps their password; anyone else gets a one-time set-password link.
 */
export async function createOrganization(
  deps: { db: Db; actor: AuditActor; mailer: Mailer | null; baseUrl: string; linkHours: number },
  raw: unknown,
): Promise<{ organizationId: string; slug: string; adminMembershipId: string } & LinkResult> {
  const input = createOrganizationSchema.parse(raw);
  const out = await deps.db.$transaction(async (tx) => {
    if (await tx.organization.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw duplicateSlug(input.slug);
    const existing = await tx.user.findUnique({ where: { email: input.admin.email } });
    if (existing?.bot) throw new HttpError(409, 'duplicate_email', `${input.admin.email} cannot be used.`);
    const org = await tx.organization.create({
      data: { slug: input.slug, title: input.name, timeZone: input.timeZone, mapCenterLat: input.mapCenter.lat, mapCenterLng: input.mapCenter.lng },
    });
    await ensureBotMember(tx, org.id);
    const user = existing ?? (await tx.user.create({ data: { email: input.admin.email, name: input.admin.name } }));
    const membership = await tx.membership.create({ data: { userId: user.id, organizationId: org.id, role: 'CUSTOMER_ADMIN' } });
    await audit(tx, deps.actor, {
      organizationId: org.id,
      action: 'organization.create',
      entityType: 'Organization',
      entityId: org.id,
      changes: { name: input.name, slug: input.slug, timeZone: input.timeZone, mapCenter: input.mapCenter },
    });
    await audit(tx, deps.actor, {
      organizationId: org.id,
      action: 'member.add',
      entityType: 'Membership',
      entityId: membership.id,
      changes: { email: user.email, name: user.name, role: 'CUSTOMER_ADMIN', existingUser: !!existing },
    });
    const link = user.passwordHash ? null : await issuePasswordLink(tx, user.id, { baseUrl: deps.baseUrl, hours: deps.linkHours });
    return { org, membership, user, link };
  }).catch((err: unknown) => {
    // Two operators racing for one slug: the unique index decides, with the same clear error.
    if (isUniqueViolation(err)) throw duplicateSlug(input.slug);
    throw err;
  });
  const mail = out.link ? await emailPasswordLink(deps.mailer, out.user, out.link, out.org.title) : { emailed: false };
  return {
    organizationId: out.org.id,
    slug: out.org.slug,
    adminMembershipId: out.membership.id,
    setPasswordUrl: out.link?.url ?? null,
    expiresAt: out.link?.expiresAt.toISOString() ?? null,
    ...mail,
  };
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
