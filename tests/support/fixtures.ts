import { randomBytes } from 'node:crypto';
import type { Role } from '@/generated/prisma/enums';
import { hashPassword } from '@/lib/auth/password';
import type { Db } from '@/lib/db';

export const ROLES: Role[] = ['CUSTOMER_ADMIN', 'IMPLEMENTATION_MANAGER', 'STAFF'];

/** An organization with one user per role; each test seeds its own. */
export async function createOrganizationWithUsers(db: Db, title: string, password = 'correct horse battery') {
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  const org = await db.organization.create({ data: { slug, title } });
  const passwordHash = await hashPassword(password);
  const users = {} as Record<Role, { id: string; email: string }>;
  for (const role of ROLES) {
    const email = `${role.toLowerCase()}@${slug}.example`;
    const user = await db.user.create({ data: { email, name: `${title} ${role}`, passwordHash } });
    await db.membership.create({ data: { userId: user.id, organizationId: org.id, role } });
    users[role] = { id: user.id, email };
  }
  return { org, users, password };
}
