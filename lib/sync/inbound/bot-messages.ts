import type { CommentKind } from '@/generated/prisma/enums';
import type { Prisma } from '@/lib/db';

/**
 * Messages the integration posts on an issue (closing, cancel, activity). Written here until the
 * local model (lib/crm) offers its own; the rules are the spec's: public, posted by the
 * integration's bot user, whose display name is Integration.botDisplayName or the organization's
 * title.
 */

export function botName(integration: { botDisplayName: string | null }, organizationTitle: string): string {
  return integration.botDisplayName?.trim() || organizationTitle;
}

export async function postBotMessage(
  tx: Prisma.TransactionClient,
  input: { issueId: string; kind: CommentKind; body: string; authorName: string },
): Promise<void> {
  await tx.comment.create({
    data: {
      issueId: input.issueId,
      kind: input.kind,
      visibility: 'PUBLIC',
      authorKind: 'INTEGRATION',
      authorName: input.authorName,
      body: input.body,
    },
  });
}
