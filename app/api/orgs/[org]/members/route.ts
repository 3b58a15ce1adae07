import { NextResponse } from 'next/server';
import { canManageMembers, canViewMembers } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { addMember } from '@/lib/organizations/manage-members';
import { listMembers } from '@/lib/organizations/members';
import { memberDeps } from '@/lib/organizations/request-deps';
import { resolveOrganization } from '@/lib/organizations/resolve';

export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewMembers(actor, org.id));
  return NextResponse.json({ members: await listMembers(org.id) });
});

export const POST = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canManageMembers(actor, org.id));
  return NextResponse.json(await addMember(memberDeps(req, actor, org.id), await readJson(req)), { status: 201 });
});
