import { notFound, redirect } from 'next/navigation';
import { db } from '@/lib/db';
import { roleIn } from './permissions';
import type { Actor, Role } from './roles';
import { currentActor } from './session';

/** For server pages under /admin/[org]: the actor and the organization, or a redirect / 404. */
export async function orgPageContext(slug: string): Promise<{ actor: Actor; org: { id: string; slug: string; title: string }; role: Role }> {
  const actor = await currentActor();
  if (!actor) redirect('/login');
  const membership = actor.memberships.find((m) => m.organizationSlug === slug);
  if (!membership) notFound();
  const org = await db.organization.findUnique({ where: { id: membership.organizationId }, select: { id: true, slug: true, title: true } });
  const role = roleIn(actor, membership.organizationId);
  if (!org || !role) notFound();
  return { actor, org, role };
}
