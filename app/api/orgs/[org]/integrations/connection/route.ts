import { NextResponse } from 'next/server';
import { canEditIntegrationSettings } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { updateConnection } from '@/lib/integrations/update-integration';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { readJson } from '@/lib/http/body';

export const PUT = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditIntegrationSettings(actor, org.id));
  return NextResponse.json(await updateConnection({ db, actor, organizationId: org.id }, await readJson(req)));
});
