import { NextResponse } from 'next/server';
import { canTestIntegrationConnection } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { dryRun } from '@/lib/integrations/dry-run';
import { resolveOrganization } from '@/lib/organizations/resolve';

export const POST = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canTestIntegrationConnection(actor, org.id));
  return NextResponse.json(await dryRun({ db, actor, organizationId: org.id }));
});
