import { NextResponse } from 'next/server';
import { canEditIntegrationCredentials } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { updateGeocoderCredentials } from '@/lib/integrations/geocoder-credentials';
import { readJson } from '@/lib/http/body';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** How the integration signs in to its ArcGIS locator (lib/integrations/geocoder-credentials.ts). */
export const PUT = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditIntegrationCredentials(actor, org.id));
  return NextResponse.json(await updateGeocoderCredentials({ db, actor, organizationId: org.id }, await readJson(req)));
});
