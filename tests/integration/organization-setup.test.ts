import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { db } from '@/lib/db';
import { authenticateUser } from '@/lib/auth/authenticate';
import { describePasswordLink, hashToken, redeemPasswordLink } from '@/lib/auth/password-links';
import { loadActor } from '@/lib/auth/session';
import { HttpError } from '@/lib/http/errors';
import { createOperator } from '@/lib/organizations/create-operator';
import { createOrganization } from '@/lib/organizations/create-organization';
import { rejectionOf } from '../support/rejection-of';

const policy = { maxAttempts: 50, windowSeconds: 900 };
const BASE = 'https://crm.example.org';
const cli = { userId: null, email: 'command line (test)' };
const deps = { db, actor: cli, mailer: null, baseUrl: BASE, linkHours: 72 };
const STRONG = 'lighthouse tram ferry 42';

let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${n++}`;
const tokenOf = (url: string) => url.split('/set-password/')[1]!;

function newCity(overrides: Record<string, unknown> = {}) {
  const slug = unique('city');
  return { name: 'City of New Haven', slug, timeZone: 'America/New_York', mapCenter: { lat: 41.3083, lng: -72.9279 }, admin: { name: 'Ann Admin', email: `ann@${slug}.example` }, ...overrides };
}

describe('creating an organization', () => {
  it('creates the organization, its bot and its first customer admin, with a one-time link, all audited', async () => {
    const input = newCity();
    const created = await createOrganization(deps, input);
    const org = await db.organization.findUniqueOrThrow({ where: { id: created.organizationId } });
    expect(org).toMatchObject({ slug: input.slug, title: 'City of New Haven', timeZone: 'America/New_York', mapCenterLat: 41.3083, mapCenterLng: -72.9279 });
    const members = await db.membership.findMany({ where: { organizationId: org.id }, include: { user: true } });
    expect(members.map((m) => ({ email: m.user.email, role: m.role, bot: m.user.bot })).sort((a, b) => Number(a.bot) - Number(b.bot))).toEqual([
      { email: input.admin.email, role: 'CUSTOMER_ADMIN', bot: false },
      { email: expect.stringContaining('.invalid'), role: 'STAFF', bot: true },
    ]);
    expect(created.setPasswordUrl).toMatch(new RegExp(`^${BASE}/set-password/[A-Za-z0-9_-]{43}$`));
    // Only the hash of the token is stored.
    const link = await db.passwordLink.findFirstOrThrow({ where: { user: { email: input.admin.email } } });
    expect(link.tokenHash).toBe(hashToken(tokenOf(created.setPasswordUrl!)));
    expect(JSON.stringify(await db.passwordLink.findMany())).not.toContain(tokenOf(created.setPasswordUrl!));
    const log = await db.auditLog.findMany({ where: { organizationId: org.id }, orderBy: { id: 'asc' } });
    expect(log.map((l) => [l.action, l.actorEmail, l.actorUserId])).toEqual([
      ['organization.create', cli.email, null],
      ['member.add', cli.email, null],
    ]);
    expect(log[0]!.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a taken slug with a clear error and writes nothing', async () => {
    const first = newCity();
    await createOrganization(deps, first);
    const before = { orgs: await db.organization.count(), users: await db.user.count() };
    const err = await rejectionOf(createOrganization(deps, newCity({ slug: first.slug })), HttpError);
    expect(err).toMatchObject({ status: 409, code: 'duplicate_slug', message: `The URL slug "${first.slug}" is already taken. Choose another.` });
    expect({ orgs: await db.organization.count(), users: await db.user.count() }).toEqual(before);
  });

  it('refuses an unknown time zone, a bad slug and an off-planet map centre', async () => {
    const err = await rejectionOf(createOrganization(deps, newCity({ timeZone: 'Mars/Olympus', slug: 'Bad Slug!', mapCenter: { lat: 95, lng: 0 } })), ZodError);
    expect(err.issues.map((i) => i.path.join('.')).sort()).toEqual(['mapCenter.lat', 'slug', 'timeZone']);
  });

  it('adds an admin who already has an account (another city) without a new link', async () => {
    const first = await createOrganization(deps, newCity());
    const email = (await db.membership.findUniqueOrThrow({ where: { id: first.adminMembershipId }, include: { user: true } })).user.email;
    await redeemPasswordLink(db, tokenOf(first.setPasswordUrl!), STRONG);
    const second = await createOrganization(deps, newCity({ admin: { name: 'Ann Admin', email } }));
    expect(second.setPasswordUrl).toBeNull();
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect((await loadActor(user.id))!.memberships.map((m) => m.organizationId).sort()).toEqual([first.organizationId, second.organizationId].sort());
  });
});

describe('set-password links', () => {
  async function freshAdmin() {
    const input = newCity();
    const created = await createOrganization(deps, input);
    return { email: input.admin.email, token: tokenOf(created.setPasswordUrl!) };
  }

  it('sets the password once; the person signs in; the link then refuses a second use', async () => {
    const { email, token } = await freshAdmin();
    await expect(authenticateUser(db, { email, password: STRONG, ip: '10.9.0.1' }, policy)).resolves.toEqual({ ok: false, reason: 'invalid' });
    await expect(describePasswordLink(db, token)).resolves.toEqual({ email, name: 'Ann Admin' });
    await redeemPasswordLink(db, token, STRONG);
    await expect(authenticateUser(db, { email, password: STRONG, ip: '10.9.0.1' }, policy)).resolves.toMatchObject({ ok: true });
    const again = await rejectionOf(redeemPasswordLink(db, token, 'another long passphrase 7'), HttpError);
    expect(again).toMatchObject({ code: 'link_used', message: 'This link has already been used. Ask your administrator for a new one.' });
    await expect(authenticateUser(db, { email, password: STRONG, ip: '10.9.0.1' }, policy)).resolves.toMatchObject({ ok: true });
  });

  it('refuses an expired or unknown link and changes nothing', async () => {
    const { email, token } = await freshAdmin();
    await db.passwordLink.updateMany({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await rejectionOf(redeemPasswordLink(db, token, STRONG), HttpError)).toMatchObject({ code: 'link_expired', message: 'This link has expired. Ask your administrator for a new one.' });
    expect(await rejectionOf(redeemPasswordLink(db, 'A'.repeat(43), STRONG), HttpError)).toMatchObject({ code: 'link_invalid' });
    expect(await rejectionOf(redeemPasswordLink(db, '../../etc', STRONG), HttpError)).toMatchObject({ code: 'link_invalid' });
    expect((await db.user.findUniqueOrThrow({ where: { email } })).passwordHash).toBe('');
  });

  it('refuses a short or common password and keeps the link usable', async () => {
    const { email, token } = await freshAdmin();
    expect(await rejectionOf(redeemPasswordLink(db, token, 'short pass'), HttpError)).toMatchObject({ message: 'The password must be at least 12 characters long.' });
    // On zxcvbn-ts's common-password list, and 12 characters long.
    expect(await rejectionOf(redeemPasswordLink(db, token, '1q2w3e4r5t6y'), HttpError)).toMatchObject({ message: 'This password is one of the most common passwords. Choose another.' });
    expect(await rejectionOf(redeemPasswordLink(db, token, email), HttpError)).toMatchObject({ message: 'The password must not be your email address.' });
    expect((await db.user.findUniqueOrThrow({ where: { email } })).passwordHash).toBe('');
    await redeemPasswordLink(db, token, STRONG);
  });

  it('refuses the current password when a link resets it', async () => {
    const { email, token } = await freshAdmin();
    await redeemPasswordLink(db, token, STRONG);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const { issuePasswordLink } = await import('@/lib/auth/password-links');
    const link = await db.$transaction((tx) => issuePasswordLink(tx, user.id, { baseUrl: BASE, hours: 1 }));
    expect(await rejectionOf(redeemPasswordLink(db, tokenOf(link.url), STRONG), HttpError)).toMatchObject({ code: 'password_reused' });
  });
});

describe('operators', () => {
  it('creates an operator with a link; a second one with the same email is refused clearly', async () => {
    const email = `${unique('op')}@platform.example`;
    const { userId, link } = await createOperator(db, { email, name: 'Olive Operator' }, { baseUrl: BASE, linkHours: 72 });
    expect(link.url).toMatch(`${BASE}/set-password/`);
    await redeemPasswordLink(db, tokenOf(link.url), STRONG);
    // An operator with no organization still has a session: creating organizations is their work.
    await expect(authenticateUser(db, { email, password: STRONG, ip: '10.9.1.1' }, policy)).resolves.toMatchObject({ ok: true });
    expect(await loadActor(userId)).toMatchObject({ operator: true, memberships: [] });
    const dup = await rejectionOf(createOperator(db, { email: email.toUpperCase(), name: 'Other' }, { baseUrl: BASE, linkHours: 72 }), HttpError);
    expect(dup).toMatchObject({ status: 409, message: `A user with the email ${email} already exists.` });
  });
});

describe('the org:create command', () => {
  const run = promisify(execFile);
  const root = path.resolve(import.meta.dirname, '../..');
  const cmd = (args: string[]) =>
    run(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts/org-create.ts'), ...args], {
      cwd: root,
      env: { ...process.env, NEXTAUTH_URL: 'https://crm.city.example' },
    });

  it('prints a set-password link, and refuses a taken slug with a clear message and exit status 1', async () => {
    const slug = unique('cli');
    const args = ['--name', 'City of Stamford', '--slug', slug, '--time-zone', 'America/New_York', '--center', '41.05,-73.54', '--admin-email', `ann@${slug}.example`, '--admin-name', 'Ann Admin'];
    const { stdout } = await cmd(args);
    expect(stdout).toContain(`created organization ${slug}`);
    const url = stdout.match(/https:\/\/crm\.city\.example\/set-password\/\S+/)?.[0];
    expect(url).toBeTruthy();
    await expect(describePasswordLink(db, tokenOf(url!))).resolves.toMatchObject({ email: `ann@${slug}.example` });
    const dup = await cmd(args).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(dup).toMatchObject({ code: 1 });
    expect(dup!.stderr).toContain(`error: The URL slug "${slug}" is already taken. Choose another.`);
  }, 60_000);
});
