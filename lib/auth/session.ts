import { getServerSession } from 'next-auth';
import { db } from '@/lib/db';
import { authOptions } from './options';
import type { Actor } from './roles';
import { mayHaveSession } from './session-rule';

/**
 * The signed-in actor with fresh memberships, or null. The JWT only names the user: everything
 * else is read from the database on every request, so a deactivation ends the session at once.
 */
export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return loadActor(id);
}

export async function loadActor(userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: {
      memberships: {
        where: { deactivatedAt: null },
        include: { organization: { select: { slug: true, title: true } } },
        orderBy: { organization: { title: 'asc' } },
      },
    },
  });
  if (!user || !mayHaveSession(user, user.memberships.length)) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    operator: user.operator,
    memberships: user.memberships.map((m) => ({
      organizationId: m.organizationId,
      organizationSlug: m.organization.slug,
      organizationTitle: m.organization.title,
      role: m.role,
    })),
  };
}

