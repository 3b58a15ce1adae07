import type { Actor } from '@/lib/auth/roles';
import { canViewAuditLog } from '@/lib/auth/permissions';
import { listAuditLog } from '@/lib/audit-log';
import { forbidden } from '@/lib/http/errors';
import { AUDIT_ENTITY } from './update-integration';

/** The integration's audit trail, newest first. Entries never hold secret values (see update-integration.ts). */
export async function listIntegrationAudit(actor: Actor, organizationId: string, take = 50) {
  if (!canViewAuditLog(actor, organizationId)) throw forbidden();
  return listAuditLog(organizationId, { entityType: AUDIT_ENTITY, take });
}

export type IntegrationAuditEntry = Awaited<ReturnType<typeof listIntegrationAudit>>[number];
