import { NextResponse } from 'next/server';
import { agencyNameSchema, deleteAgency, renameAgency } from '@/lib/agencies/agencies';
import { canEditAgencies } from '@/lib/auth/permissions';
import { readJson } from '@/lib/http/body';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

type Params = { org: string; id: string };

export const PATCH = authedRoute<Params>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditAgencies(actor, org.id));
  const { name } = await readJson(req, agencyNameSchema);
  return NextResponse.json({ agency: await renameAgency(actor, org.id, params.id, name) });
});

export const DELETE = authedRoute<Params>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditAgencies(actor, org.id));
  await deleteAgency(actor, org.id, params.id);
  return new NextResponse(null, { status: 204 });
});
