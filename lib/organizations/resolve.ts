import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';

/**
 * The organization named in a URL, if the actor belongs to it. Another organization's slug gives
 * the same "not found" as a slug that does not exist, so membership cannot be probed.
 */
export async function resolveOrganization(actor: Actor, slug: string): Promise<{ id: string; slug: string; title: string }> {
  const membership = actor.memberships.find((m) => m.organizationSlug === slug);
  if (!membership) throw notFound('Organization');
  const org = await db.organization.findUnique({ where: { id: membership.organizationId }, select: { id: true, slug: true, title: true } });
  if (!org) throw notFound('Organization');
  return org;
}
