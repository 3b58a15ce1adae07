import type { Db } from '@/lib/db';
import type { Role } from '@/generated/prisma/enums';
import { hashPassword } from '@/lib/auth/password';
import { ensureBotMember } from '@/lib/organizations/bot-member';
import { runMode } from '@/lib/run-mode';
import { setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { seedDemoAgencies } from './demo-agencies';

export const DEMO_ORGANIZATION = { slug: 'springfield', title: 'City of Springfield' } as const;

export const DEMO_USERS: { email: string; name: string; password: string; role: Role }[] = [
  { email: 'admin@springfield.example', name: 'Casey Admin', password: 'springfield-admin', role: 'CUSTOMER_ADMIN' },
  { email: 'manager@springfield.example', name: 'Morgan Manager', password: 'springfield-manager', role: 'IMPLEMENTATION_MANAGER' },
  { email: 'staff@springfield.example', name: 'Sam Staff', password: 'springfield-staff', role: 'STAFF' },
];

// The bundled emulator's seeded API user (emulators/cityworks).
export const DEMO_CITYWORKS_LOGIN = { loginName: 'api311', password: 'Springfield!311' } as const;

export interface SeedOptions {
  cityworksUrl?: string;
  geocoderUrl?: string;
}

/**
 * Idempotent: running it again changes nothing a person may have edited since (passwords,
 * integration settings); it only creates what is missing.
 */
export async function seedDemoOrganization(db: Db, opts: SeedOptions = {}): Promise<{ organizationId: string }> {
  // The demo users' passwords are published: a production database must never get them.
  if (runMode() === 'production') throw new Error('The demo organization is never seeded in production mode (NODE_ENV=production or CIVIC_BRIDGE_MODE=production).');
  const org = await db.organization.upsert({
    where: { slug: DEMO_ORGANIZATION.slug },
    create: { ...DEMO_ORGANIZATION },
    update: {},
  });
  for (const u of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: u.email } });
    const user = existing ?? (await db.user.create({ data: { email: u.email, name: u.name, passwordHash: await hashPassword(u.password) } }));
    await db.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId: org.id } },
      create: { userId: user.id, organizationId: org.id, role: u.role },
      update: {},
    });
  }
  await db.$transaction((tx) => ensureBotMember(tx, org.id));
  if (opts.cityworksUrl && !(await db.integration.findFirst({ where: { organizationId: org.id } }))) {
    await db.$transaction(async (tx) => {
      const integration = await tx.integration.create({
        data: {
          organizationId: org.id,
          name: 'Cityworks (emulator)',
          version: 'V15_8',
          mode: 'SERVICE_REQUESTS',
          environment: 'TEST',
          testEndpointUrl: opts.cityworksUrl,
          testLoginName: DEMO_CITYWORKS_LOGIN.loginName,
          srid: 3857,
          geocoderUrl: opts.geocoderUrl ?? null,
          validateAddress: !!opts.geocoderUrl,
          // The bundled emulator writes dates in this machine's local zone, as a real server does in its own.
          settings: { serverTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
        },
      });
      await setIntegrationSecret(tx, integration.id, 'TEST_PASSWORD', DEMO_CITYWORKS_LOGIN.password);
    });
  }
  // With the bundled emulators running: agencies, service areas and synced categories, so the
  // report form works at first start.
  if (opts.cityworksUrl) await seedDemoAgencies(db, org.id);
  return { organizationId: org.id };
}
