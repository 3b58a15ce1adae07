import { NextResponse } from 'next/server';
import { canViewMembers } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { listMembers } from '@/lib/organizations/members';
import { resolveOrganization } from '@/lib/organizations/resolve';

export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewMembers(actor, org.id));
  return NextResponse.json({ members: await listMembers(org.id) });
});
