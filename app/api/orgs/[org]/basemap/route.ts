import { NextResponse } from 'next/server';
import { z } from 'zod';
import { canEditMapSettings } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { basemapSettingSchema, deploymentBasemapSetting, organizationBasemapSetting, setOrganizationBasemap } from '@/lib/maps/basemap';
import { resolveOrganization } from '@/lib/organizations/resolve';

// null = back to the deployment default.
const bodySchema = z.object({ basemap: basemapSettingSchema.nullable() });

export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditMapSettings(actor, org.id));
  return NextResponse.json({ basemap: await organizationBasemapSetting(org.id), deploymentDefault: deploymentBasemapSetting() });
});

export const PUT = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditMapSettings(actor, org.id));
  const { basemap } = bodySchema.parse(await req.json());
  await setOrganizationBasemap(actor, org.id, basemap);
  return NextResponse.json({ basemap });
});
