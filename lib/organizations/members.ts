import type { Role } from '@/generated/prisma/enums';
import { db } from '@/lib/db';
import { ensureBotMember } from './bot-member';

export interface MemberRow {
  id: string;
  email: string;
  name: string;
  displayName: string | null;
  role: Role;
  active: boolean;
  bot: boolean;
  // False until the person has followed their set-password link.
  passwordSet: boolean;
}

/** Everyone in the organization, the integration bot first (created here if it is missing). */
export async function listMembers(organizationId: string): Promise<MemberRow[]> {
  await db.$transaction((tx) => ensureBotMember(tx, organizationId));
  const rows = await db.membership.findMany({
    where: { organizationId },
    include: { user: { select: { email: true, name: true, bot: true, passwordHash: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows
    .map((m) => ({
      id: m.id,
      email: m.user.email,
      name: m.user.name,
      displayName: m.displayName,
      role: m.role,
      active: !m.deactivatedAt,
      bot: m.user.bot,
      passwordSet: m.user.passwordHash !== '',
    }))
    .sort((a, b) => Number(b.bot) - Number(a.bot));
}
