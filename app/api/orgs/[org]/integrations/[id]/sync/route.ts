import { NextResponse } from 'next/server';
import { canOperateIntegration, canViewIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { jobSender } from '@/lib/jobs/sender';
import { requestSync, syncStatus } from '@/lib/sync/inbound/on-demand';

/** Progress of every inbound stream: last successful window, lag, and the run under way. */
export const GET = authedRoute<{ org: string; id: string }>(async (_req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canViewIntegration(actor, org.id));
  return NextResponse.json({ streams: await syncStatus(db, org.id, params.id) });
});

/** Sync now: `{ stream: 'categories' | 'questions' | 'poll-updates' | 'import-requests', requestTypeId? }`. */
export const POST = authedRoute<{ org: string; id: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canOperateIntegration(actor, org.id));
  const body = await readJson(req);
  return NextResponse.json(await requestSync(db, await jobSender(), org.id, params.id, body), { status: 202 });
});
