import { NextResponse } from 'next/server';
import { canEditCategories } from '@/lib/auth/permissions';
import { syncCategoryQuestionsNow } from '@/lib/categories/category-settings';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { jobSender } from '@/lib/jobs/sender';

/** Sends the sync-questions job for this one category. */
export const POST = authedRoute<{ org: string; id: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditCategories(actor, org.id));
  return NextResponse.json(await syncCategoryQuestionsNow({ db, actor, organizationId: org.id }, await jobSender(), params.id), { status: 202 });
});
