import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { reportFormFor } from '@/lib/crm/report-form';
import { categoriesAtPoint } from '@/lib/routing/categories-at-point';
import { db } from '@/lib/db';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { DEMO_USERS, seedDemoOrganization } from '@/lib/seed/demo-organization';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';

let emulator: CityworksEmulator;
beforeAll(async () => {
  emulator = await startCityworksEmulator({ version: '15.8' });
});
afterAll(async () => {
  await emulator.close();
});

describe('demo seed', () => {
  it('creates the City of Springfield with one user per role, and is idempotent', async () => {
    const opts = { cityworksUrl: emulator.url };
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

  it('leaves the report form ready: agencies with service areas (one with a hole) and synced categories with questions', async () => {
    const { organizationId } = await seedDemoOrganization(db, { cityworksUrl: emulator.url });
    const agencies = await db.agency.findMany({ where: { organizationId }, orderBy: { name: 'asc' } });
    expect(agencies.map((a) => a.name)).toEqual(['Code Enforcement & Forestry', 'Public Works']);
    const publicWorks = agencies[1]!.geography as { coordinates: unknown[][][] };
    expect(publicWorks.coordinates[0]).toHaveLength(2); // exterior + the Capitol grounds hole

    // A downtown address of the ArcGIS emulator (E Adams St): both agencies' categories.
    const downtown = await categoriesAtPoint(organizationId, -89.6485, 39.7999);
    expect(downtown.map((c) => c.name).sort()).toEqual(
      ['Graffiti', 'Illegal Dumping', 'Missed Trash Pickup', 'Pothole', 'Sidewalk Damage', 'Streetlight Out', 'Tree Down', 'Water Leak'],
    );
    const pothole = downtown.find((c) => c.name === 'Pothole')!;
    expect((await reportFormFor(db, organizationId, pothole.id))!.questions).toHaveLength(4);
    // W Capitol Ave lies in the hole: only the citywide agency's categories.
    const grounds = await categoriesAtPoint(organizationId, -89.6525, 39.7969);
    expect(grounds.map((c) => c.agencyName)).toEqual(['Code Enforcement & Forestry', 'Code Enforcement & Forestry', 'Code Enforcement & Forestry']);

    // Seeding again changes nothing a person set: a reassigned category stays where it was put.
    await db.requestType.update({ where: { id: pothole.id }, data: { agencyId: agencies[0]!.id } });
    await seedDemoOrganization(db, { cityworksUrl: emulator.url });
    expect(await db.agency.count({ where: { organizationId } })).toBe(2);
    expect((await db.requestType.findUniqueOrThrow({ where: { id: pothole.id } })).agencyId).toBe(agencies[0]!.id);
  });
});
