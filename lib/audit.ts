import type { Prisma } from '@/generated/prisma/client';
import type { Actor } from '@/lib/auth/roles';

type Tx = { auditLog: { create(args: { data: Prisma.AuditLogUncheckedCreateInput }): Promise<unknown> } };

/**
 * Records who changed what. `changes` holds field names with old/new values; secrets are passed
 * as `{ set: true }` by callers and never as values.
 */
/** Who made a change: a signed-in user, or the operator's command line (no user: `userId` null). */
export type AuditActor = Pick<Actor, 'email'> & { userId: string | null };

export async function audit(
  tx: Tx,
  actor: AuditActor,
  entry: { organizationId: string; action: string; entityType: string; entityId: string; changes?: Prisma.InputJsonValue },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      organizationId: entry.organizationId,
      actorUserId: actor.userId,
      actorEmail: actor.email,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      changes: entry.changes ?? {},
    },
  });
}
