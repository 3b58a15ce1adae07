import { NextResponse } from 'next/server';
import { canViewIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { getIntegrationView } from '@/lib/integrations/settings-view';
import { resolveOrganization } from '@/lib/organizations/resolve';

export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIntegration(actor, org.id));
  return NextResponse.json(await getIntegrationView(db, actor, org.id));
});
