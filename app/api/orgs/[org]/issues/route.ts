import { NextResponse } from 'next/server';
import { canViewIssues } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { issueFiltersSchema, listIssues } from '@/lib/crm/issue-queries';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** Staff list: `?status=&category=&agency=&sync=pending|acknowledged|dead|not-integrated&limit=`. */
export const GET = authedRoute<{ org: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIssues(actor, org.id));
  const q = Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== ''));
  return NextResponse.json({ issues: await listIssues(db, org.id, issueFiltersSchema.parse(q)) });
});
