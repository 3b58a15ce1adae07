import { getServerSession } from 'next-auth';
import { db } from '@/lib/db';
import { authOptions } from './options';
import type { Actor } from './roles';

/** The signed-in actor with fresh memberships, or null. Disabled users have no actor. */
export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return loadActor(id);
}

export async function loadActor(userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { organization: { select: { slug: true } } } } },
  });
  if (!user || user.disabled) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    memberships: user.memberships.map((m) => ({
      organizationId: m.organizationId,
      organizationSlug: m.organization.slug,
      role: m.role,
    })),
  };
}
