import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { authenticateUser } from '@/lib/auth/authenticate';
import { changeOwnName, changeOwnPassword } from '@/lib/auth/account';
import { redeemPasswordLink } from '@/lib/auth/password-links';
import { loadActor } from '@/lib/auth/session';
import type { Actor, Role } from '@/lib/auth/roles';
import { botDisplayName } from '@/lib/crm/integration-messages';
import { HttpError } from '@/lib/http/errors';
import { smtpMailer, type Mailer } from '@/lib/mail/send-mail';
import { createOrganization } from '@/lib/organizations/create-organization';
import { addMember, resendPasswordLink, updateMember, type MemberDeps } from '@/lib/organizations/manage-members';
import { listMembers } from '@/lib/organizations/members';
import { rejectionOf } from '../support/rejection-of';
import { startSmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';

const policy = { maxAttempts: 100, windowSeconds: 900 };
const BASE = 'https://crm.example.org';
const STRONG = 'lighthouse tram ferry 42';
const tokenOf = (url: string) => url.split('/set-password/')[1]!;
let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;

interface City {
  orgId: string;
  slug: string;
  admin: Actor;
  deps: (actor: Actor, mailer?: Mailer | null) => MemberDeps;
}

/** A city made the way an operator makes one, its admin signed up through the link. */
async function city(): Promise<City> {
  const slug = unique('m');
  const created = await createOrganization({ db, actor: { userId: null, email: 'cli' }, mailer: null, baseUrl: BASE, linkHours: 72 }, {
    name: `City ${slug}`, slug, timeZone: 'America/Chicago', mapCenter: { lat: 41.88, lng: -87.63 }, admin: { name: 'Ann Admin', email: `ann@${slug}.example` },
  });
  await redeemPasswordLink(db, tokenOf(created.setPasswordUrl!), STRONG);
  const user = await db.user.findUniqueOrThrow({ where: { email: `ann@${slug}.example` } });
  return {
    orgId: created.organizationId,
    slug,
    admin: (await loadActor(user.id))!,
    deps: (actor, mailer = null) => ({ db, actor, organizationId: created.organizationId, mailer, baseUrl: BASE, linkHours: 72 }),
  };
}

/** Adds a member as the admin and signs them up; returns their actor and membership id. */
async function member(c: City, role: Role, name = 'Sam Staff') {
  const email = `${unique(role.toLowerCase())}@${c.slug}.example`;
  const added = await addMember(c.deps(c.admin), { name, email, role });
  await redeemPasswordLink(db, tokenOf(added.setPasswordUrl!), STRONG);
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  return { email, membershipId: added.membershipId, userId: user.id, actor: (await loadActor(user.id))! };
}

const auditActions = async (orgId: string) => (await db.auditLog.findMany({ where: { organizationId: orgId }, orderBy: { id: 'asc' } })).map((l) => ({ action: l.action, by: l.actorEmail }));

describe('members', () => {
  let c: City;
  beforeAll(async () => {
    c = await city();
  });

  it('a customer admin adds a member, who sets a password and signs in with the role given', async () => {
    const email = `${unique('new')}@${c.slug}.example`;
    const added = await addMember(c.deps(c.admin), { name: 'Nia New', email: `  ${email.toUpperCase()} `, role: 'STAFF' });
    expect(added).toMatchObject({ emailed: false, setPasswordUrl: expect.stringMatching(`^${BASE}/set-password/`) });
    await redeemPasswordLink(db, tokenOf(added.setPasswordUrl!), STRONG);
    const signedIn = await authenticateUser(db, { email, password: STRONG, ip: '10.3.0.1' }, policy);
    expect(signedIn).toMatchObject({ ok: true });
    const actor = await loadActor((signedIn as { user: { id: string } }).user.id);
    expect(actor!.memberships).toEqual([{ organizationId: c.orgId, organizationSlug: c.slug, organizationTitle: `City ${c.slug}`, role: 'STAFF' }]);
    expect(await auditActions(c.orgId)).toContainEqual({ action: 'member.add', by: c.admin.email });
  });

  it('refuses an email that is already a member, clearly, and adds nothing', async () => {
    const existing = await member(c, 'STAFF');
    const before = await db.membership.count({ where: { organizationId: c.orgId } });
    const err = await rejectionOf(addMember(c.deps(c.admin), { name: 'Again', email: existing.email, role: 'STAFF' }), HttpError);
    expect(err).toMatchObject({ status: 409, code: 'duplicate_email', message: `${existing.email} is already a member of this organization.` });
    expect(await db.membership.count({ where: { organizationId: c.orgId } })).toBe(before);
  });

  it('changes a role, audited with who and the old and new role', async () => {
    const m = await member(c, 'STAFF');
    await updateMember(c.deps(c.admin), m.membershipId, { role: 'IMPLEMENTATION_MANAGER' });
    expect((await loadActor(m.userId))!.memberships[0]!.role).toBe('IMPLEMENTATION_MANAGER');
    const entry = await db.auditLog.findFirstOrThrow({ where: { organizationId: c.orgId, action: 'member.role.change', entityId: m.membershipId } });
    expect(entry).toMatchObject({ actorEmail: c.admin.email, actorUserId: c.admin.userId, changes: { email: m.email, role: { from: 'STAFF', to: 'IMPLEMENTATION_MANAGER' } } });
  });

  it('nobody gives or changes a role above their own: a manager cannot make or touch a customer admin', async () => {
    const manager = await member(c, 'IMPLEMENTATION_MANAGER');
    const staff = await member(c, 'STAFF');
    const asManager = c.deps(manager.actor);
    const adminMembership = await db.membership.findFirstOrThrow({ where: { organizationId: c.orgId, userId: c.admin.userId } });
    for (const attempt of [
      // One at a time: each attempt starts only when the one before has been refused.
      () => addMember(asManager, { name: 'X', email: `${unique('x')}@${c.slug}.example`, role: 'CUSTOMER_ADMIN' }),
      () => updateMember(asManager, staff.membershipId, { role: 'CUSTOMER_ADMIN' }),
      () => updateMember(asManager, adminMembership.id, { role: 'STAFF' }),
      () => updateMember(asManager, adminMembership.id, { active: false }),
    ]) {
      expect(await rejectionOf(attempt(), HttpError)).toMatchObject({ status: 403, code: 'beyond_own_role', message: 'You cannot give or change a role above your own.' });
    }
    expect((await db.membership.findUniqueOrThrow({ where: { id: staff.membershipId } })).role).toBe('STAFF');
    expect(await db.membership.findUniqueOrThrow({ where: { id: adminMembership.id } })).toMatchObject({ role: 'CUSTOMER_ADMIN', deactivatedAt: null });
    // Within their rank, a manager manages: staff to manager.
    await updateMember(asManager, staff.membershipId, { role: 'IMPLEMENTATION_MANAGER' });
  });

  it('staff cannot manage members at all', async () => {
    const staff = await member(c, 'STAFF');
    const other = await member(c, 'STAFF');
    expect(await rejectionOf(updateMember(c.deps(staff.actor), other.membershipId, { active: false }), HttpError)).toMatchObject({ status: 403 });
    expect(await rejectionOf(addMember(c.deps(staff.actor), { name: 'Y', email: `${unique('y')}@x.example`, role: 'STAFF' }), HttpError)).toMatchObject({ status: 403 });
    expect(await rejectionOf(resendPasswordLink(c.deps(staff.actor), other.membershipId), HttpError)).toMatchObject({ status: 403 });
  });

  it("another organization's member id is not found, and nothing there changes", async () => {
    const other = await city();
    const theirs = await member(other, 'STAFF');
    for (const attempt of [
      () => updateMember(c.deps(c.admin), theirs.membershipId, { role: 'IMPLEMENTATION_MANAGER' }),
      () => updateMember(c.deps(c.admin), theirs.membershipId, { active: false }),
      () => resendPasswordLink(c.deps(c.admin), theirs.membershipId),
    ]) {
      expect(await rejectionOf(attempt(), HttpError)).toMatchObject({ status: 404, message: 'Member not found.' });
    }
    expect(await db.membership.findUniqueOrThrow({ where: { id: theirs.membershipId } })).toMatchObject({ role: 'STAFF', deactivatedAt: null });
  });
});

describe('the last customer admin', () => {
  it('cannot be demoted or deactivated; with a second admin, can', async () => {
    const c = await city();
    const own = await db.membership.findFirstOrThrow({ where: { organizationId: c.orgId, userId: c.admin.userId } });
    for (const change of [{ role: 'STAFF' }, { active: false }]) {
      const err = await rejectionOf(updateMember(c.deps(c.admin), own.id, change), HttpError);
      expect(err).toMatchObject({ status: 409, code: 'last_customer_admin' });
    }
    expect(await db.membership.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ role: 'CUSTOMER_ADMIN', deactivatedAt: null });
    // A deactivated second admin does not count.
    const second = await member(c, 'CUSTOMER_ADMIN', 'Bo Admin');
    await updateMember(c.deps(c.admin), second.membershipId, { active: false });
    expect(await rejectionOf(updateMember(c.deps(c.admin), own.id, { role: 'STAFF' }), HttpError)).toMatchObject({ code: 'last_customer_admin' });
    await updateMember(c.deps(c.admin), second.membershipId, { active: true });
    await updateMember(c.deps(c.admin), own.id, { role: 'STAFF' });
    expect((await db.membership.findUniqueOrThrow({ where: { id: own.id } })).role).toBe('STAFF');
  });

  it('two admins demoting each other at once leave one admin', async () => {
    const c = await city();
    const second = await member(c, 'CUSTOMER_ADMIN', 'Bo Admin');
    const own = await db.membership.findFirstOrThrow({ where: { organizationId: c.orgId, userId: c.admin.userId } });
    const results = await Promise.allSettled([
      updateMember(c.deps(c.admin), second.membershipId, { role: 'STAFF' }),
      updateMember(c.deps(second.actor), own.id, { role: 'STAFF' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.membership.count({ where: { organizationId: c.orgId, role: 'CUSTOMER_ADMIN', deactivatedAt: null } })).toBe(1);
  });
});

describe('deactivation', () => {
  it('ends access at once and blocks sign-in; reactivation restores both; both audited', async () => {
    const c = await city();
    const m = await member(c, 'STAFF');
    await updateMember(c.deps(c.admin), m.membershipId, { active: false });
    // The session's next request loads no actor: their only organization is gone from it.
    expect(await loadActor(m.userId)).toBeNull();
    await expect(authenticateUser(db, { email: m.email, password: STRONG, ip: '10.4.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
    expect((await listMembers(c.orgId)).find((x) => x.id === m.membershipId)).toMatchObject({ active: false });
    await updateMember(c.deps(c.admin), m.membershipId, { active: true });
    expect((await loadActor(m.userId))!.memberships).toHaveLength(1);
    await expect(authenticateUser(db, { email: m.email, password: STRONG, ip: '10.4.0.1' }, policy)).resolves.toMatchObject({ ok: true });
    const actions = (await auditActions(c.orgId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['member.deactivate', 'member.reactivate']));
  });

  it('in one organization keeps the others: a manager serving two cities loses only one', async () => {
    const a = await city();
    const b = await city();
    const m = await member(a, 'IMPLEMENTATION_MANAGER', 'Max Manager');
    const added = await addMember(b.deps(b.admin), { name: 'Max Manager', email: m.email, role: 'IMPLEMENTATION_MANAGER' });
    expect(added.setPasswordUrl).toBeNull();
    expect((await loadActor(m.userId))!.memberships.map((x) => x.organizationSlug).sort()).toEqual([a.slug, b.slug].sort());
    await updateMember(a.deps(a.admin), m.membershipId, { active: false });
    expect((await loadActor(m.userId))!.memberships.map((x) => x.organizationSlug)).toEqual([b.slug]);
  });
});

describe('set-password links from the member list', () => {
  it('resending gives a new link and the old one stops working', async () => {
    const c = await city();
    const email = `${unique('r')}@${c.slug}.example`;
    const first = await addMember(c.deps(c.admin), { name: 'Rita Resend', email, role: 'STAFF' });
    const second = await resendPasswordLink(c.deps(c.admin), first.membershipId);
    expect(second.setPasswordUrl).not.toBe(first.setPasswordUrl);
    expect(await rejectionOf(redeemPasswordLink(db, tokenOf(first.setPasswordUrl!), STRONG), HttpError)).toMatchObject({ code: 'link_used' });
    await redeemPasswordLink(db, tokenOf(second.setPasswordUrl!), STRONG);
    expect((await auditActions(c.orgId)).map((a) => a.action)).toContain('member.link.resend');
  });

  describe('with SMTP configured', () => {
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;
    beforeAll(async () => {
      sink = await startSmtpSink();
    });
    afterAll(async () => {
      await sink.close();
    });

    it('emails the link to the new member through a real SMTP server', async () => {
      const c = await city();
      const email = `${unique('mail')}@${c.slug}.example`;
      const added = await addMember(c.deps(c.admin, smtpMailer(sink.url, 'Civic Bridge <crm@city.example>')), { name: 'Mai Mail', email, role: 'STAFF' });
      expect(added.emailed).toBe(true);
      const mail = await waitFor(() => sink.received.find((m) => m.to.includes(email)), 10_000);
      expect(mail.raw).toContain(`Subject: Set your Civic Bridge password for City ${c.slug}`);
      // Quoted-printable may wrap the long URL: compare with soft line breaks removed.
      expect(mail.raw.replace(/=\r?\n/g, '')).toContain(added.setPasswordUrl!);
    });

    it('still returns the link when the mail server refuses, and says why', async () => {
      const c = await city();
      const refusing = smtpMailer('smtp://127.0.0.1:1', 'Civic Bridge <crm@city.example>');
      const added = await addMember(c.deps(c.admin, refusing), { name: 'Otto Offline', email: `${unique('o')}@${c.slug}.example`, role: 'STAFF' });
      expect(added).toMatchObject({ emailed: false, setPasswordUrl: expect.stringContaining('/set-password/'), emailError: expect.stringMatching(/ECONNREFUSED|connect/i) });
    });
  });
});

describe('the integration bot', () => {
  it('is listed and marked, cannot sign in, and only its display name changes; its messages use that name', async () => {
    const c = await city();
    const integration = await db.integration.create({ data: { organizationId: c.orgId } });
    const bot = (await listMembers(c.orgId))[0]!;
    expect(bot).toMatchObject({ bot: true, displayName: null, passwordSet: false });
    expect(await db.$transaction((tx) => botDisplayName(tx, integration.id))).toBe(`City ${c.slug}`);

    await updateMember(c.deps(c.admin), bot.id, { displayName: 'Public Works Desk' });
    expect(await db.$transaction((tx) => botDisplayName(tx, integration.id))).toBe('Public Works Desk');
    expect(await db.auditLog.findFirst({ where: { organizationId: c.orgId, action: 'member.bot.rename' } })).toMatchObject({
      actorEmail: c.admin.email,
      changes: { displayName: { from: null, to: 'Public Works Desk' } },
    });

    for (const attempt of [updateMember(c.deps(c.admin), bot.id, { role: 'CUSTOMER_ADMIN' }), updateMember(c.deps(c.admin), bot.id, { active: false }), resendPasswordLink(c.deps(c.admin), bot.id)]) {
      expect(await rejectionOf(attempt, HttpError)).toMatchObject({ code: 'bot_member' });
    }
    const botUser = await db.user.findFirstOrThrow({ where: { memberships: { some: { id: bot.id } } } });
    // Even with a password somehow set, the bot has no session.
    await db.user.update({ where: { id: botUser.id }, data: { passwordHash: (await db.user.findUniqueOrThrow({ where: { id: c.admin.userId } })).passwordHash } });
    await expect(authenticateUser(db, { email: botUser.email, password: STRONG, ip: '10.5.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
    expect(await loadActor(botUser.id)).toBeNull();
  });

  it('takes over a name an earlier version kept on the integration', async () => {
    const org = await db.organization.create({ data: { slug: unique('legacy'), title: 'Legacy City' } });
    await db.integration.create({ data: { organizationId: org.id, botDisplayName: 'Legacy Bot' } });
    expect((await listMembers(org.id))[0]).toMatchObject({ bot: true, displayName: 'Legacy Bot' });
  });
});

describe('own account', () => {
  it('changes the password only with the current one, to an acceptable new one, audited', async () => {
    const c = await city();
    const m = await member(c, 'STAFF');
    const wrong = await rejectionOf(changeOwnPassword(db, m.actor, { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' }), HttpError);
    expect(wrong).toMatchObject({ code: 'wrong_password', message: 'Your current password is not correct.' });
    expect(await rejectionOf(changeOwnPassword(db, m.actor, { currentPassword: STRONG, newPassword: 'short' }), HttpError)).toMatchObject({ message: 'The password must be at least 12 characters long.' });
    expect(await rejectionOf(changeOwnPassword(db, m.actor, { currentPassword: STRONG, newPassword: 'qwerty123456' }), HttpError)).toMatchObject({ message: 'This password is one of the most common passwords. Choose another.' });
    expect(await rejectionOf(changeOwnPassword(db, m.actor, { currentPassword: STRONG, newPassword: STRONG }), HttpError)).toMatchObject({ code: 'password_reused' });
    await expect(authenticateUser(db, { email: m.email, password: STRONG, ip: '10.6.0.1' }, policy)).resolves.toMatchObject({ ok: true });
    await changeOwnPassword(db, m.actor, { currentPassword: STRONG, newPassword: 'a brand new passphrase' });
    await expect(authenticateUser(db, { email: m.email, password: STRONG, ip: '10.6.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
    await expect(authenticateUser(db, { email: m.email, password: 'a brand new passphrase', ip: '10.6.0.1' }, policy)).resolves.toMatchObject({ ok: true });
    expect(await db.auditLog.findFirst({ where: { organizationId: c.orgId, action: 'user.password.change', actorUserId: m.userId } })).not.toBeNull();
  });

  it('a new password ends every session opened with the old one; the changing session gets the new stamp', async () => {
    const c = await city();
    const m = await member(c, 'STAFF');
    const signedIn = await authenticateUser(db, { email: m.email, password: STRONG, ip: '10.6.0.2' }, policy);
    if (!signedIn.ok) throw new Error('sign-in failed');
    const before = { stamp: signedIn.user.sessionStamp };
    expect(await loadActor(m.userId, before)).toMatchObject({ userId: m.userId });
    // A forged or missing stamp never passes.
    expect(await loadActor(m.userId, { stamp: '' })).toBeNull();

    const { sessionStamp } = await changeOwnPassword(db, m.actor, { currentPassword: STRONG, newPassword: 'a brand new passphrase' });
    expect(sessionStamp).not.toBe(before.stamp);
    expect(await loadActor(m.userId, before)).toBeNull();
    expect(await loadActor(m.userId, { stamp: sessionStamp })).toMatchObject({ userId: m.userId });
    const again = await authenticateUser(db, { email: m.email, password: 'a brand new passphrase', ip: '10.6.0.2' }, policy);
    expect(again).toMatchObject({ ok: true, user: { sessionStamp } });

    // A password set through a link (an admin's reset) ends the sessions too.
    const link = await resendPasswordLink(c.deps(c.admin), m.membershipId);
    await redeemPasswordLink(db, tokenOf(link.setPasswordUrl!), 'yet another long passphrase');
    expect(await loadActor(m.userId, { stamp: sessionStamp })).toBeNull();
  });

  it('changes the display name, audited', async () => {
    const c = await city();
    const m = await member(c, 'STAFF');
    await changeOwnName(db, m.actor, { name: '  Samantha Staff ' });
    expect((await db.user.findUniqueOrThrow({ where: { id: m.userId } })).name).toBe('Samantha Staff');
    expect(await db.auditLog.findFirst({ where: { organizationId: c.orgId, action: 'user.rename' } })).toMatchObject({ changes: { name: { from: 'Sam Staff', to: 'Samantha Staff' } } });
  });
});
