import { NextResponse } from 'next/server';
import { canOperateIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { pauseSchema } from '@/lib/operations/actions-schema';
import { pauseIntegration, resumeIntegration } from '@/lib/operations/pause';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { jobSender } from '@/lib/jobs/sender';

/** `{ paused: true }` holds all sync work; `{ paused: false }` resumes and drains what was held. */
export const POST = authedRoute<{ org: string; id: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canOperateIntegration(actor, org.id));
  const { paused } = await readJson(req, pauseSchema);
  if (paused) {
    const r = await pauseIntegration(db, actor, org.id, params.id);
    return NextResponse.json({ paused: true, pausedAt: r.pausedAt.toISOString(), changed: r.changed });
  }
  const r = await resumeIntegration(db, await jobSender(), actor, org.id, params.id);
  return NextResponse.json({ paused: false, requeued: r.requeued, changed: r.changed });
});
