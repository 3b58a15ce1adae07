import { NextResponse } from 'next/server';
import { canViewAuditLog } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { listIntegrationAudit } from '@/lib/integrations/integration-audit';
import { resolveOrganization } from '@/lib/organizations/resolve';

export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewAuditLog(actor, org.id));
  return NextResponse.json({ entries: await listIntegrationAudit(actor, org.id) });
});
