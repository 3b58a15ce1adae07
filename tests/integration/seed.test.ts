import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { DEMO_USERS, seedDemoOrganization } from '@/lib/seed/demo-organization';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';

describe('demo seed', () => {
  it('creates the City of Springfield with one user per role, and is idempotent', async () => {
    const opts = { cityworksUrl: 'http://127.0.0.1:8110/cityworks' };
    const { organizationId } = await seedDemoOrganization(db, opts);
    const counts = async () => ({
      orgs: await db.organization.count(),
      users: await db.user.count(),
      memberships: await db.membership.count(),
      integrations: await db.integration.count(),
    });
    const first = await counts();
    // The three demo people and the integration bot.
    expect(first).toEqual({ orgs: 1, users: 4, memberships: 4, integrations: 1 });
    expect(await db.user.count({ where: { bot: true } })).toBe(1);
    const roles = await db.membership.findMany({ where: { organizationId, user: { bot: false } }, select: { role: true } });
    expect(roles.map((r) => r.role).sort()).toEqual(['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF']);

    // A changed password and a changed integration survive a second seed.
    const admin = DEMO_USERS[0]!;
    await db.user.update({ where: { email: admin.email }, data: { passwordHash: await hashPassword('changed-by-admin') } });
    await db.integration.updateMany({ data: { srid: 2234 } });
    await seedDemoOrganization(db, opts);
    expect(await counts()).toEqual(first);
    const user = await db.user.findUniqueOrThrow({ where: { email: admin.email } });
    expect(await verifyPassword('changed-by-admin', user.passwordHash)).toBe(true);
    const integration = await db.integration.findFirstOrThrow({ where: { organizationId } });
    expect(integration.srid).toBe(2234);
    // The emulator password is stored encrypted, readable only through the secrets module.
    const raw = await db.integrationSecret.findFirstOrThrow({ where: { integrationId: integration.id } });
    expect(Buffer.from(raw.ciphertext).toString('utf8')).not.toContain('Springfield!311');
    expect(await readIntegrationSecret(db, integration.id, 'TEST_PASSWORD')).toBe('Springfield!311');
  });
});
