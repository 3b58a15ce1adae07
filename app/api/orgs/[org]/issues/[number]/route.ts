import { NextResponse } from 'next/server';
import { canViewIssues, canWorkIssues } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { issueDetail } from '@/lib/crm/issue-queries';
import { allowedStatusActions, issueSyncFacts } from '@/lib/crm/staff-actions';
import { notFound } from '@/lib/http/errors';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** Staff issue page data: everything, the merged timeline, and the actions this person may take now. */
export const GET = authedRoute<{ org: string; number: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIssues(actor, org.id));
  const n = Number(params.number);
  const issue = Number.isSafeInteger(n) && n > 0 ? await issueDetail(db, org.id, n) : null;
  if (!issue) throw notFound('Issue');
  const canWork = canWorkIssues(actor, org.id);
  const actions = canWork ? allowedStatusActions(await issueSyncFacts(db, issue.id)) : [];
  const categories = canWork
    ? await db.requestType.findMany({ where: { organizationId: org.id, hidden: false }, orderBy: { name: 'asc' }, select: { id: true, name: true, displayName: true, integrationId: true } })
    : [];
  return NextResponse.json({
    issue,
    canWork,
    actions,
    categories: categories.map((c) => ({ id: c.id, name: c.displayName ?? c.name, integrated: !!c.integrationId })),
  });
});
