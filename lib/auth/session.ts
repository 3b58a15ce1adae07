import { getServerSession } from 'next-auth';
import { db } from '@/lib/db';
import { authOptions } from './options';
import type { Actor } from './roles';
import { mayHaveSession } from './session-rule';
import { sessionStamp } from './session-stamp';

/**
 * The signed-in actor with fresh memberships, or null. The JWT only names the user and the
 * password the session was opened with: everything else is read from the database on every
 * request, so a deactivation or a new password ends the session at once.
 */
export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; stamp?: string } | undefined;
  if (!user?.id) return null;
  // A session without a stamp predates them: it ends, like one opened with an older password.
  return loadActor(user.id, { stamp: user.stamp ?? '' });
}

/**
 * The user as an actor, if they may be signed in. With `session`, also only while the session's
 * stamp matches the stored password (lib/auth/session-stamp.ts).
 */
export async function loadActor(userId: string, session?: { stamp: string }): Promise<Actor | null> {
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
  if (session && session.stamp !== sessionStamp(user.passwordHash)) return null;
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

