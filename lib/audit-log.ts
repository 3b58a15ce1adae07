import { db } from '@/lib/db';

export async function listAuditLog(organizationId: string, opts: { entityType?: string; take?: number } = {}) {
  const rows = await db.auditLog.findMany({
    where: { organizationId, ...(opts.entityType ? { entityType: opts.entityType } : {}) },
    orderBy: { createdAt: 'desc' },
    take: opts.take ?? 100,
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.createdAt.toISOString(),
    actorEmail: r.actorEmail,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    changes: r.changes,
  }));
}
