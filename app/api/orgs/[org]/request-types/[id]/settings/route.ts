import { NextResponse } from 'next/server';
import { canEditCategories, canViewAgencies } from '@/lib/auth/permissions';
import { getCategory, updateCategory } from '@/lib/categories/category-settings';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** The category page: local choices and questions with their overrides. */
export const GET = authedRoute<{ org: string; id: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewAgencies(actor, org.id));
  return NextResponse.json(await getCategory({ db, actor, organizationId: org.id }, params.id));
});

/** `{ displayName, hidden, agencyId, autoSyncQuestions }`. */
export const PUT = authedRoute<{ org: string; id: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canEditCategories(actor, org.id));
  return NextResponse.json(await updateCategory({ db, actor, organizationId: org.id }, params.id, await readJson(req)));
});
