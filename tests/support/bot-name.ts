import type { Db } from '@/lib/db';
import { ensureBotMember } from '@/lib/organizations/bot-member';

/** Renames the organization's integration bot as an admin does in the member list. */
export async function setBotName(db: Db, organizationId: string, name: string | null): Promise<void> {
  const { membershipId } = await db.$transaction((tx) => ensureBotMember(tx, organizationId));
  await db.membership.update({ where: { id: membershipId }, data: { displayName: name } });
}
