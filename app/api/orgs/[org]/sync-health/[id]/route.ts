import { NextResponse } from 'next/server';
import { canViewIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { lagThresholdMs } from '@/lib/operations/config';
import { integrationHealth } from '@/lib/operations/health';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** Sync health of one integration: streams, queues, failures, latency, authentication, alerts. */
export const GET = authedRoute<{ org: string; id: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIntegration(actor, org.id));
  return NextResponse.json(await integrationHealth(db, org.id, params.id, { lagThresholdMs: lagThresholdMs() }));
});
