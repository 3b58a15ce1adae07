import type { Prisma } from '@/lib/db';

type Tx = Prisma.TransactionClient;

// A name on the reserved .invalid domain (RFC 2606): no mail can reach it, no person can own it.
const botEmail = (organizationId: string) => `integration-bot+${organizationId}@civic-bridge.invalid`;

/**
 * The organization's integration bot: a user who never signs in (no password, `bot` set), listed
 * among the members so an admin renames it there. Created with the organization; for
 * organizations made before bots existed, on first need, taking over the name an earlier version
 * kept on the integration.
 */
export async function ensureBotMember(tx: Tx, organizationId: string): Promise<{ membershipId: string }> {
  const existing = await tx.membership.findFirst({ where: { organizationId, user: { bot: true } }, select: { id: true } });
  if (existing) return { membershipId: existing.id };
  const earlier = await tx.integration.findFirst({ where: { organizationId, botDisplayName: { not: null } }, select: { botDisplayName: true }, orderBy: { createdAt: 'asc' } });
  // ON CONFLICT DO NOTHING (createMany + skipDuplicates), then read: two first page views at once
  // both end up with the one bot instead of one of them failing on the unique index.
  const email = botEmail(organizationId);
  await tx.user.createMany({ data: [{ email, name: 'Integration bot', bot: true }], skipDuplicates: true });
  const user = await tx.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  await tx.membership.createMany({
    data: [{ userId: user.id, organizationId, role: 'STAFF', displayName: earlier?.botDisplayName?.trim() || null }],
    skipDuplicates: true,
  });
  const membership = await tx.membership.findUniqueOrThrow({ where: { userId_organizationId: { userId: user.id, organizationId } }, select: { id: true } });
  return { membershipId: membership.id };
}

/** Selects the bot's display name alongside an organization (see botNameOf). */
export const BOT_NAME_SELECT = { where: { user: { bot: true } }, select: { displayName: true }, take: 1 } as const;

/** The name on the bot's messages: its display name in the member list, else the organization's title. */
export function botNameOf(organization: { title: string; memberships: { displayName: string | null }[] }): string {
  return organization.memberships[0]?.displayName?.trim() || organization.title;
}
