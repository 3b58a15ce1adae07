import { describe, expect, it, beforeAll } from 'vitest';
import { db } from '@/lib/db';
import { loadActor } from '@/lib/auth/session';
import * as perms from '@/lib/auth/permissions';
import type { Actor, Role } from '@/lib/auth/roles';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { HttpError } from '@/lib/http/errors';
import { createOrganizationWithUsers, ROLES } from '../support/fixtures';

// The whole access policy, written out independently of lib/auth/permissions.ts.
const EXPECTED: Record<string, Role[]> = {
  canViewOrganization: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  canViewIntegration: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  canEditIntegrationCredentials: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  canTestIntegrationConnection: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  canEditIntegrationSettings: ['IMPLEMENTATION_MANAGER'],
  canOperateIntegration: ['IMPLEMENTATION_MANAGER'],
  canViewAgencies: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  canEditAgencies: ['IMPLEMENTATION_MANAGER'],
  canEditCategories: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  canViewIssues: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  canWorkIssues: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'],
  canViewAuditLog: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  canViewMembers: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  canManageMembers: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
  // Platform-wide, operators only: no organization role grants it.
  canCreateOrganizations: [],
  canEditMapSettings: ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER'],
};

type Check = (a: Actor | null, orgId: string) => boolean;
const checks = Object.entries(perms).filter(([name]) => /^can[A-Z]/.test(name)) as [string, Check][];

describe('permission matrix', () => {
  let springfield: Awaited<ReturnType<typeof createOrganizationWithUsers>>;
  let shelbyville: Awaited<ReturnType<typeof createOrganizationWithUsers>>;
  const actors = {} as Record<Role, Actor>;

  beforeAll(async () => {
    springfield = await createOrganizationWithUsers(db, 'Springfield');
    shelbyville = await createOrganizationWithUsers(db, 'Shelbyville');
    for (const role of ROLES) {
      const actor = await loadActor(springfield.users[role].id);
      if (!actor) throw new Error('actor not loaded');
      actors[role] = actor;
    }
  });

  it('covers every can<Action><Entity> check and nothing else', () => {
    expect(checks.map(([n]) => n).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const role of ROLES) {
    it(`${role} gets exactly the expected permissions in its own organization`, () => {
      for (const [name, check] of checks) {
        expect({ name, allowed: check(actors[role], springfield.org.id) }).toEqual({ name, allowed: EXPECTED[name]!.includes(role) });
      }
    });

    it(`${role} gets nothing in another organization`, () => {
      for (const [name, check] of checks) {
        expect({ name, allowed: check(actors[role], shelbyville.org.id) }).toEqual({ name, allowed: false });
      }
    });

    it(`${role} cannot resolve another organization's URL (same answer as a missing one)`, async () => {
      const other = await resolveOrganization(actors[role], shelbyville.org.slug).catch((e: unknown) => e);
      const missing = await resolveOrganization(actors[role], 'no-such-city').catch((e: unknown) => e);
      expect(other).toBeInstanceOf(HttpError);
      expect((other as HttpError).status).toBe(404);
      expect((other as HttpError).message).toBe((missing as HttpError).message);
      await expect(resolveOrganization(actors[role], springfield.org.slug)).resolves.toMatchObject({ id: springfield.org.id });
    });
  }

  it('refuses everything to no actor and to a disabled user', async () => {
    for (const [, check] of checks) expect(check(null, springfield.org.id)).toBe(false);
    await db.user.update({ where: { id: springfield.users.STAFF.id }, data: { disabled: true } });
    expect(await loadActor(springfield.users.STAFF.id)).toBeNull();
  });

  it('gives operators the platform permission and nothing in an organization they do not belong to', async () => {
    const user = await db.user.create({ data: { email: `op-${Date.now()}@platform.example`, name: 'Olive Operator', operator: true } });
    const operator = await loadActor(user.id);
    expect(operator).toMatchObject({ operator: true, memberships: [] });
    expect(perms.canCreateOrganizations(operator)).toBe(true);
    for (const role of ROLES) expect(perms.canCreateOrganizations(actors[role])).toBe(false);
    for (const [name, check] of checks) {
      if (name !== 'canCreateOrganizations') expect({ name, allowed: check(operator, springfield.org.id) }).toEqual({ name, allowed: false });
    }
  });

  it('applies a role change at once (memberships are read per request)', async () => {
    const { id } = springfield.users.CUSTOMER_ADMIN;
    await db.membership.update({ where: { userId_organizationId: { userId: id, organizationId: springfield.org.id } }, data: { role: 'STAFF' } });
    const actor = await loadActor(id);
    expect(perms.canEditIntegrationCredentials(actor, springfield.org.id)).toBe(false);
  });
});
