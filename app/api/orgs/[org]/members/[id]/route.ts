import { NextResponse } from 'next/server';
import { canManageMembers } from '@/lib/auth/permissions';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { updateMember } from '@/lib/organizations/manage-members';
import { memberDeps } from '@/lib/organizations/request-deps';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** One change: `{ role }`, `{ active }` or `{ displayName }`. */
export const PATCH = authedRoute<{ org: string; id: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canManageMembers(actor, org.id));
  return NextResponse.json(await updateMember(memberDeps(req, actor, org.id), params.id, await readJson(req)));
});
