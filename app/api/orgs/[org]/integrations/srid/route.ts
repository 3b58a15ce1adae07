import { NextResponse } from 'next/server';
import { z } from 'zod';
import { canViewIntegration } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { sridInfo } from '@/lib/integrations/connection-server-schema';
import { resolveOrganization } from '@/lib/organizations/resolve';

const query = z.object({ srid: z.coerce.number().int().positive() });

/** Live SRID feedback for the form: the EPSG index lives on the server. */
export const GET = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIntegration(actor, org.id));
  const { srid } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return NextResponse.json(sridInfo(srid));
});
