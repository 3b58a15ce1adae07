import type { CommentKind } from '@/generated/prisma/enums';
import type { Prisma } from '@/lib/db';
import { BOT_NAME_SELECT, botNameOf } from '@/lib/organizations/bot-member';

type Tx = Prisma.TransactionClient;

/** The integration bot's name on its messages: its display name in the member list, else the organization's title. */
export async function botDisplayName(tx: Tx, integrationId: string): Promise<string> {
  const i = await tx.integration.findUniqueOrThrow({ where: { id: integrationId }, select: { organization: { select: { title: true, memberships: BOT_NAME_SELECT } } } });
  return botNameOf(i.organization);
}

/**
 * A public system message (acknowledgment, closing, cancel, activity) posted as the integration bot
 * user. `authorName` spares the look-up when the caller already holds the organization (botNameOf).
 */
export async function postIntegrationMessage(
  tx: Tx,
  input: { issueId: string; integrationId: string; kind: Exclude<CommentKind, 'COMMENT'>; body: string; authorName?: string },
): Promise<{ id: string }> {
  return tx.comment.create({
    data: {
      issueId: input.issueId,
      kind: input.kind,
      visibility: 'PUBLIC',
      authorKind: 'INTEGRATION',
      authorName: input.authorName ?? (await botDisplayName(tx, input.integrationId)),
      body: input.body,
    },
    select: { id: true },
  });
}

/** Many bot messages in one INSERT (a batch of acknowledgments); each names its author. */
export async function postIntegrationMessages(
  tx: Tx,
  messages: readonly { issueId: string; kind: Exclude<CommentKind, 'COMMENT'>; body: string; authorName: string }[],
): Promise<void> {
  if (messages.length === 0) return;
  await tx.comment.createMany({
    data: messages.map((m) => ({ issueId: m.issueId, kind: m.kind, visibility: 'PUBLIC' as const, authorKind: 'INTEGRATION' as const, authorName: m.authorName, body: m.body })),
  });
}
