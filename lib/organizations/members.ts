import { db } from '@/lib/db';

export async function listMembers(organizationId: string) {
  const rows = await db.membership.findMany({
    where: { organizationId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((m) => ({ id: m.id, email: m.user.email, name: m.user.name, role: m.role, displayName: m.displayName }));
}
