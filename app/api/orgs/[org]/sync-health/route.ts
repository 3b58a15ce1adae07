import { NextResponse } from 'next/server';
import { canViewIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { lagThresholdMs } from '@/lib/operations/config';
import { organizationAlerts } from '@/lib/operations/stream-health';
import { resolveOrganization } from '@/lib/organizations/resolve';

/** The organization's integrations and what needs attention: for banners and the integrations list. */
export const GET = authedRoute<{ org: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIntegration(actor, org.id));
  const integrations = await db.integration.findMany({ where: { organizationId: org.id }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true, environment: true, pausedAt: true } });
  return NextResponse.json({ integrations, alerts: await organizationAlerts(db, org.id, lagThresholdMs()) });
});
