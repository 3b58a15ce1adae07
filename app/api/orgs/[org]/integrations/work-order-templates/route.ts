import { NextResponse } from 'next/server';
import { canEditIntegrationSettings } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { listWorkOrderTemplates } from '@/lib/integrations/work-order-templates';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** `?entityType=STREET`: the work order templates Cityworks lists for it, and saved ones it no longer lists. */
export const GET = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditIntegrationSettings(actor, org.id));
  const entityType = new URL(req.url).searchParams.get('entityType') ?? '';
  return NextResponse.json(await listWorkOrderTemplates({ db, actor, organizationId: org.id }, { entityType }));
});
