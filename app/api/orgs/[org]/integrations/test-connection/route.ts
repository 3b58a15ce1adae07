import { NextResponse } from 'next/server';
import { canTestIntegrationConnection } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { testConnection } from '@/lib/integrations/test-connection';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { readJson } from '@/lib/http/body';

export const POST = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canTestIntegrationConnection(actor, org.id));
  return NextResponse.json(await testConnection({ db, actor, organizationId: org.id }, await readJson(req)));
});
