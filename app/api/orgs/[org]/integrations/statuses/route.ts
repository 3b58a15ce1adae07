import { NextResponse } from 'next/server';
import { canEditIntegrationSettings } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { listRemoteStatuses } from '@/lib/integrations/remote-statuses';
import { resolveOrganization } from '@/lib/organizations/resolve';

export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditIntegrationSettings(actor, org.id));
  return NextResponse.json(await listRemoteStatuses({ db, actor, organizationId: org.id }));
});
