import { NextResponse } from 'next/server';
import { agencyNameSchema, createAgency, listAgencies } from '@/lib/agencies/agencies';
import { canEditAgencies, canViewAgencies } from '@/lib/auth/permissions';
import { readJson } from '@/lib/http/body';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewAgencies(actor, org.id));
  return NextResponse.json({ agencies: await listAgencies(org.id) });
});

export const POST = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditAgencies(actor, org.id));
  const { name } = await readJson(req, agencyNameSchema);
  return NextResponse.json({ agency: await createAgency(actor, org.id, name) }, { status: 201 });
});
