import { NextResponse } from 'next/server';
import { canCreateOrganizations } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { createOrganization } from '@/lib/organizations/create-organization';
import { linkDeps } from '@/lib/organizations/request-deps';

export const POST = authedRoute(async (req, { actor }) => {
  authorize(canCreateOrganizations(actor));
  return NextResponse.json(await createOrganization({ ...linkDeps(req), actor }, await readJson(req)), { status: 201 });
});
