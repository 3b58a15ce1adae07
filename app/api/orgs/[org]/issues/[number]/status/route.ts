import { NextResponse } from 'next/server';
import { z } from 'zod';
import { canWorkIssues } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { changeIssueStatus } from '@/lib/crm/staff-actions';
import { issueIdFor } from '@/lib/crm/staff-issue-ref';
import { readJson } from '@/lib/http/body';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

const bodySchema = z.object({ action: z.enum(['close', 'reopen']) });

/** `{ action: 'close' | 'reopen' }`: only what lib/crm/staff-actions.ts allows now, else 409 with the reason. */
export const POST = authedRoute<{ org: string; number: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canWorkIssues(actor, org.id));
  const { action } = await readJson(req, bodySchema);
  const issueId = await issueIdFor(db, org.id, params.number);
  return NextResponse.json(await changeIssueStatus(db, actor, org.id, issueId, action));
});
