import { NextResponse } from 'next/server';
import { z } from 'zod';
import { canWorkIssues } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { changeIssueStatus } from '@/lib/crm/staff-actions';
import { asHttp, issueIdFor } from '@/lib/crm/staff-issue-ref';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

const bodySchema = z.object({ action: z.enum(['close', 'reopen']) });

/** `{ action: 'close' | 'reopen' }`: only what lib/crm/staff-actions.ts allows now, else 409 with the reason. */
export const POST = authedRoute<{ org: string; number: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canWorkIssues(actor, org.id));
  const { action } = bodySchema.parse(await req.json().catch(() => null));
  const issueId = await issueIdFor(db, org.id, params.number);
  try {
    return NextResponse.json(await changeIssueStatus(db, actor, org.id, issueId, action));
  } catch (err) {
    throw asHttp(err);
  }
});
