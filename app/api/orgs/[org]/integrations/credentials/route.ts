import { NextResponse } from 'next/server';
import { canEditIntegrationCredentials } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { updateCredentials } from '@/lib/integrations/update-integration';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { readJson } from '@/lib/http/body';

export const PUT = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditIntegrationCredentials(actor, org.id));
  return NextResponse.json(await updateCredentials({ db, actor, organizationId: org.id }, await readJson(req)));
});
