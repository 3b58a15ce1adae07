import { NextResponse } from 'next/server';
import { canOperateIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { authedRoute, authorize } from '@/lib/http/route';
import { readJson } from '@/lib/http/body';
import { deadLetterActionSchema } from '@/lib/operations/actions-schema';
import { editAndRetryDeadLetter, retryDeadLetter, skipDeadLetter } from '@/lib/operations/dead-letters';
import { resolveOrganization } from '@/lib/organizations/resolve';
import { jobSender } from '@/lib/jobs/sender';

/** `{ action: 'retry' }`, `{ action: 'skip', reason? }` or `{ action: 'edit-and-retry', edits }`. */
export const POST = authedRoute<{ org: string; id: string; submissionId: string }>(async (req, { params, actor }) => {
  const org = await resolveOrganization(actor, params.org);
  authorize(canOperateIntegration(actor, org.id));
  const body = await readJson(req, deadLetterActionSchema);
  const scope = { organizationId: org.id, integrationId: params.id };
  const boss = await jobSender();
  if (body.action === 'retry') await retryDeadLetter(db, boss, actor, scope, params.submissionId);
  else if (body.action === 'skip') await skipDeadLetter(db, boss, actor, scope, params.submissionId, body.reason);
  else await editAndRetryDeadLetter(db, boss, actor, scope, params.submissionId, body.edits);
  return NextResponse.json({ ok: true, action: body.action });
});
