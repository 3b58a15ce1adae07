import { NextResponse } from 'next/server';
import { z } from 'zod';
import { canWorkIssues } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { recategorizeIssue } from '@/lib/crm/recategorize';
import { issueIdFor } from '@/lib/crm/staff-issue-ref';
import { readJson } from '@/lib/http/body';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { jobSender } from '@/lib/jobs/sender';

const bodySchema = z.object({ requestTypeId: z.string().min(1) });

/** Moves an Open issue to another category (lib/crm/recategorize.ts); a refusal is 409 with its reason. */
export const POST = authedRoute<{ org: string; number: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canWorkIssues(actor, org.id));
  const { requestTypeId } = await readJson(req, bodySchema);
  const issueId = await issueIdFor(db, org.id, params.number);
  return NextResponse.json(await recategorizeIssue(db, await jobSender(), actor, org.id, issueId, requestTypeId));
});
