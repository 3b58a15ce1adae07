import { NextResponse } from 'next/server';
import { createLocalRequestType, createRequestTypeSchema, listRequestTypes } from '@/lib/agencies/request-types';
import { canEditAgencies, canViewAgencies } from '@/lib/auth/permissions';
import { readJson } from '@/lib/http/body';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewAgencies(actor, org.id));
  return NextResponse.json({ requestTypes: await listRequestTypes(org.id) });
});

export const POST = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditAgencies(actor, org.id));
  const input = await readJson(req, createRequestTypeSchema);
  return NextResponse.json({ requestType: await createLocalRequestType(actor, org.id, input) }, { status: 201 });
});
