import { NextResponse } from 'next/server';
import { canEditCategories } from '@/lib/auth/permissions';
import { updateQuestionOverrides } from '@/lib/categories/category-settings';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** `{ privateOverride: boolean | null, hiddenOverride: true | null }`: kept by later question syncs. */
export const PUT = authedRoute<{ org: string; id: string; questionId: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditCategories(actor, org.id));
  return NextResponse.json(await updateQuestionOverrides({ db, actor, organizationId: org.id }, params.id, params.questionId, await readJson(req)));
});
