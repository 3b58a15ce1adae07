import { NextResponse } from 'next/server';
import { assignAgencySchema, assignRequestTypeAgency } from '@/lib/agencies/request-types';
import { canEditAgencies } from '@/lib/auth/permissions';
import { readJson } from '@/lib/http/body';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** Assigns the request type to an agency (or to none: then it is offered nowhere). */
export const PATCH = authedRoute<{ org: string; id: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditAgencies(actor, org.id));
  const { agencyId } = await readJson(req, assignAgencySchema);
  await assignRequestTypeAgency(actor, org.id, params.id, agencyId);
  return NextResponse.json({ ok: true });
});
