import { canManageMembers, mayGrantRole } from '@/lib/auth/permissions';
import { emailPasswordLink, issuePasswordLink } from '@/lib/auth/password-links';
import type { Actor } from '@/lib/auth/roles';
import { audit } from '@/lib/audit';
import type { Db, Prisma } from '@/lib/db';
import { forbidden } from '@/lib/http/errors';
import type { Mailer } from '@/lib/mail/send-mail';
import { beyondOwnRole, botNotAPerson, duplicateMember, lastCustomerAdmin, memberNotFound } from './member-errors';
import { addMemberSchema, updateMemberSchema } from './member-schemas';

type Tx = Prisma.TransactionClient;

export interface MemberDeps {
  db: Db;
  actor: Actor;
  organizationId: string;
  mailer: Mailer | null;
  baseUrl: string;
  linkHours: number;
}

export interface LinkResult {
  setPasswordUrl: string | null;
  expiresAt: string | null;
  emailed: boolean;
  emailError?: string;
}

/**
 * Member changes of one organization run one at a time (a row lock on the organization), so two
 * admins demoting each other at once cannot leave it without a customer admin.
 */
async function lockOrganization(tx: Tx, organizationId: string): Promise<{ title: string }> {
  const rows = await tx.$queryRaw<{ title: string }[]>`SELECT "title" FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
  if (!rows[0]) throw memberNotFound();
  return rows[0];
}

async function loadMember(tx: Tx, organizationId: string, membershipId: string) {
  // Scoped to the organization: another organization's member id is "not found", not a change there.
  const m = await tx.membership.findFirst({ where: { id: membershipId, organizationId }, include: { user: true } });
  if (!m) throw memberNotFound();
  return m;
}

async function otherActiveAdmins(tx: Tx, organizationId: string, membershipId: string): Promise<number> {
  return tx.membership.count({
    where: { organizationId, role: 'CUSTOMER_ADMIN', deactivatedAt: null, id: { not: membershipId }, user: { disabled: false, bot: false } },
  });
}

/** Adds a person (a new user, or an existing one from another organization) and gives them a link. */
export async function addMember(deps: MemberDeps, raw: unknown): Promise<{ membershipId: string } & LinkResult> {
  const input = addMemberSchema.parse(raw);
  if (!canManageMembers(deps.actor, deps.organizationId)) throw forbidden();
  if (!mayGrantRole(deps.actor, deps.organizationId, input.role)) throw beyondOwnRole();
  const { result, title, user } = await deps.db.$transaction(async (tx) => {
    const org = await lockOrganization(tx, deps.organizationId);
    const existing = await tx.user.findUnique({ where: { email: input.email }, include: { memberships: { where: { organizationId: deps.organizationId } } } });
    if (existing?.bot) throw duplicateMember(input.email);
    if (existing && existing.memberships.length > 0) throw duplicateMember(input.email);
    const user = existing ?? (await tx.user.create({ data: { email: input.email, name: input.name } }));
    const membership = await tx.membership.create({ data: { userId: user.id, organizationId: deps.organizationId, role: input.role } });
    await audit(tx, deps.actor, {
      organizationId: deps.organizationId,
      action: 'member.add',
      entityType: 'Membership',
      entityId: membership.id,
      changes: { email: input.email, name: input.name, role: input.role, existingUser: !!existing },
    });
    // Someone who already has a password (a manager serving several cities) signs in as before.
    const link = user.passwordHash ? null : await issuePasswordLink(tx, user.id, { baseUrl: deps.baseUrl, hours: deps.linkHours });
    return { result: { membershipId: membership.id, link }, title: org.title, user };
  });
  const mail = result.link ? await emailPasswordLink(deps.mailer, user, result.link, title) : { emailed: false };
  return { membershipId: result.membershipId, setPasswordUrl: result.link?.url ?? null, expiresAt: result.link?.expiresAt.toISOString() ?? null, ...mail };
}

/** One change to a member: a role, active or not, or (for anyone, the bot included) a display name. */
export async function updateMember(deps: MemberDeps, membershipId: string, raw: unknown): Promise<{ changed: boolean }> {
  const input = updateMemberSchema.parse(raw);
  if (!canManageMembers(deps.actor, deps.organizationId)) throw forbidden();
  return deps.db.$transaction(async (tx) => {
    await lockOrganization(tx, deps.organizationId);
    const m = await loadMember(tx, deps.organizationId, membershipId);
    if (!mayGrantRole(deps.actor, deps.organizationId, m.role)) throw beyondOwnRole();
    const base = { organizationId: deps.organizationId, entityType: 'Membership', entityId: m.id };

    if ('displayName' in input) {
      if (input.displayName === m.displayName) return { changed: false };
      await tx.membership.update({ where: { id: m.id }, data: { displayName: input.displayName } });
      await audit(tx, deps.actor, { ...base, action: m.user.bot ? 'member.bot.rename' : 'member.rename', changes: { displayName: { from: m.displayName, to: input.displayName } } });
      return { changed: true };
    }
    if (m.user.bot) throw botNotAPerson();

    if ('role' in input) {
      if (!mayGrantRole(deps.actor, deps.organizationId, input.role)) throw beyondOwnRole();
      if (input.role === m.role) return { changed: false };
      if (m.role === 'CUSTOMER_ADMIN' && !m.deactivatedAt && (await otherActiveAdmins(tx, deps.organizationId, m.id)) === 0) throw lastCustomerAdmin();
      await tx.membership.update({ where: { id: m.id }, data: { role: input.role } });
      await audit(tx, deps.actor, { ...base, action: 'member.role.change', changes: { email: m.user.email, role: { from: m.role, to: input.role } } });
      return { changed: true };
    }

    const active = !m.deactivatedAt;
    if (input.active === active) return { changed: false };
    if (!input.active && m.role === 'CUSTOMER_ADMIN' && (await otherActiveAdmins(tx, deps.organizationId, m.id)) === 0) throw lastCustomerAdmin();
    // Sessions check active memberships on every request (lib/auth/session.ts): this ends access at once.
    await tx.membership.update({ where: { id: m.id }, data: { deactivatedAt: input.active ? null : new Date() } });
    await audit(tx, deps.actor, { ...base, action: input.active ? 'member.reactivate' : 'member.deactivate', changes: { email: m.user.email } });
    return { changed: true };
  });
}

/** A new set-password link for a member (the previous one stops working), emailed when possible. */
export async function resendPasswordLink(deps: MemberDeps, membershipId: string): Promise<LinkResult> {
  if (!canManageMembers(deps.actor, deps.organizationId)) throw forbidden();
  const { link, user, title } = await deps.db.$transaction(async (tx) => {
    const org = await lockOrganization(tx, deps.organizationId);
    const m = await loadMember(tx, deps.organizationId, membershipId);
    if (m.user.bot) throw botNotAPerson();
    if (!mayGrantRole(deps.actor, deps.organizationId, m.role)) throw beyondOwnRole();
    const link = await issuePasswordLink(tx, m.userId, { baseUrl: deps.baseUrl, hours: deps.linkHours });
    await audit(tx, deps.actor, { organizationId: deps.organizationId, action: 'member.link.resend', entityType: 'Membership', entityId: m.id, changes: { email: m.user.email } });
    return { link, user: m.user, title: org.title };
  });
  const mail = await emailPasswordLink(deps.mailer, user, link, title);
  return { setPasswordUrl: link.url, expiresAt: link.expiresAt.toISOString(), ...mail };
}
