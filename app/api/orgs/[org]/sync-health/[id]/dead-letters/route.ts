import { NextResponse } from 'next/server';
import { canOperateIntegration, canViewIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { deadLettersBulkSchema } from '@/lib/operations/actions-schema';
import { listDeadLetters, retryAllDeadLetters } from '@/lib/operations/dead-letters';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { jobSender } from '@/lib/jobs/sender';

export const GET = authedRoute<{ org: string; id: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIntegration(actor, org.id));
  return NextResponse.json(await listDeadLetters(db, org.id, params.id));
});

/** `{ action: 'retry-all' }`: every dead letter of the integration back to the outbox. */
export const POST = authedRoute<{ org: string; id: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canOperateIntegration(actor, org.id));
  await readJson(req, deadLettersBulkSchema);
  return NextResponse.json(await retryAllDeadLetters(db, await jobSender(), actor, { organizationId: org.id, integrationId: params.id }));
});
