import type { PgBoss } from 'pg-boss';
import type { Actor } from '@/lib/auth/roles';
import { audit } from '@/lib/audit';
import type { Db } from '@/lib/db';
import { requeueHeld } from '@/lib/sync/outbox-sweep';
import { integrationInOrganization } from './integration-scope';

/**
 * Pause holds work without losing it: the engine leaves held submissions PENDING (the outbox row
 * is the truth) and the scheduler skips paused integrations. Resume clears the pause and re-sends
 * every held submission at once instead of waiting for the next outbox sweep.
 */
type AuditActor = Pick<Actor, 'userId' | 'email'>;

export async function pauseIntegration(db: Db, actor: AuditActor, organizationId: string, integrationId: string, now = new Date()): Promise<{ pausedAt: Date; changed: boolean }> {
  const integration = await integrationInOrganization(db, organizationId, integrationId);
  if (integration.pausedAt) return { pausedAt: integration.pausedAt, changed: false };
  await db.$transaction(async (tx) => {
    await tx.integration.update({ where: { id: integrationId }, data: { pausedAt: now } });
    await audit(tx, actor, { organizationId, action: 'integration.pause', entityType: 'Integration', entityId: integrationId, changes: { pausedAt: { from: null, to: now.toISOString() } } });
  });
  return { pausedAt: now, changed: true };
}

export async function resumeIntegration(db: Db, boss: PgBoss, actor: AuditActor, organizationId: string, integrationId: string): Promise<{ requeued: number; changed: boolean }> {
  const integration = await integrationInOrganization(db, organizationId, integrationId);
  const changed = integration.pausedAt !== null;
  if (changed) {
    await db.$transaction(async (tx) => {
      await tx.integration.update({ where: { id: integrationId }, data: { pausedAt: null } });
      await audit(tx, actor, { organizationId, action: 'integration.resume', entityType: 'Integration', entityId: integrationId, changes: { pausedAt: { from: integration.pausedAt?.toISOString() ?? null, to: null } } });
    });
  }
  // Also when it was not paused: resuming twice, or after a crash mid-resume, still drains.
  return { requeued: await requeueHeld(db, boss, integrationId), changed };
}
