import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { readSettings } from '@/lib/integrations/settings';
import { queues, submitGroup } from '@/lib/jobs/queues';
import { insertSubmitIssues, sendSubmitComments } from '@/lib/jobs/send';
import { CallRecorder } from './call-recorder';
import { ACTIVE_INTEGRATION, integrationSession, isIntegrationActive, withCallRecorder } from './session';
import { classifyError } from './retry-classifier';
import { isAuthFailure } from './submission-outcome';

/**
 * Submissions held by a pause or an open circuit breaker keep their PENDING row but have no live
 * job. This re-sends them, and probes an open breaker with one login per sweep (never one per
 * held job). Runs on a schedule; `resumeIntegration` runs it at once for one integration.
 */
async function hasLiveJob(db: Db, queue: string, key: string, field: 'issueId'): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active') AND data->>'${field}' = $2`,
    queue,
    key,
  );
  return (rows[0]?.n ?? 0) > 0;
}

export async function probeCircuitBreaker(db: Db, integrationId: string, fetchImpl?: typeof fetch): Promise<boolean> {
  const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId } });
  if (!integration.authFailingSince) return true;
  const recorder = new CallRecorder(db, { integrationId, issueId: null, attempt: 1 });
  try {
    const cw = await integrationSession(db, integration, fetchImpl);
    await withCallRecorder(recorder.onCall, () => cw.authenticate());
    await db.integration.update({ where: { id: integrationId }, data: { authFailingSince: null, authFailureReason: null } });
    recorder.step({ operation: 'circuit-breaker', outcome: 'OK', message: 'Login succeeded; sending resumes.' });
    return true;
  } catch (err) {
    const d = classifyError(err);
    const reason = err instanceof Error && !isAuthFailure(err) && d.errorClass === 'unknown' ? err.message : d.reason;
    await db.integration.update({ where: { id: integrationId }, data: { authFailureReason: reason } });
    recorder.step({ operation: 'circuit-breaker', outcome: 'ERROR', errorClass: d.errorClass, message: `Still failing: ${reason}` });
    return false;
  } finally {
    await recorder.flush();
  }
}

/** Held submissions re-sent per INSERT: a 10,000-issue backlog goes back in 20 statements, not 10,000 transactions. */
const REQUEUE_CHUNK = 500;

/** Re-sends the held submissions of one integration; returns how many jobs were sent. */
export async function requeueHeld(db: Db, boss: PgBoss, integrationId: string): Promise<number> {
  const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId } });
  if (!isIntegrationActive(integration) || integration.authFailingSince) return 0;
  const group = submitGroup({ id: integrationId, maxConcurrentCalls: readSettings(integration.settings).maxConcurrentCalls });
  let sent = 0;
  // Those with no live job, found by one anti-join instead of one probe each.
  const held = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT s.id FROM "Submission" s
      WHERE s."integrationId" = $1 AND s.kind = 'ISSUE' AND s.state IN ('PENDING', 'IN_FLIGHT')
        AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = $2 AND j.state IN ('created', 'retry', 'active') AND j.data->>'submissionId' = s.id)
      ORDER BY s."createdAt"`,
    integrationId,
    queues.submitIssue.name,
  );
  for (let i = 0; i < held.length; i += REQUEUE_CHUNK) {
    const chunk = held.slice(i, i + REQUEUE_CHUNK).map((h) => h.id);
    await db.$transaction((tx) => insertSubmitIssues(tx, boss, chunk, group));
    sent += chunk.length;
  }
  const commentIssues = await db.submission.findMany({
    where: { integrationId, kind: 'COMMENT', state: { in: ['PENDING', 'IN_FLIGHT'] }, issue: { status: 'ACKNOWLEDGED' } },
    distinct: ['issueId'],
    select: { issueId: true },
  });
  for (const c of commentIssues) {
    if (await hasLiveJob(db, queues.submitComment.name, c.issueId, 'issueId')) continue;
    await db.$transaction((tx) => sendSubmitComments(tx, boss, { id: c.issueId, integrationId, group }));
    sent++;
  }
  return sent;
}

/** Clears the pause and sends what it held (the ops UI calls this). */
export async function resumeIntegration(db: Db, boss: PgBoss, integrationId: string): Promise<number> {
  await db.integration.update({ where: { id: integrationId }, data: { pausedAt: null } });
  return requeueHeld(db, boss, integrationId);
}

export async function sweepOutbox(db: Db, boss: PgBoss, fetchImpl?: typeof fetch): Promise<void> {
  const integrations = await db.integration.findMany({ where: ACTIVE_INTEGRATION, select: { id: true, authFailingSince: true } });
  for (const i of integrations) {
    if (i.authFailingSince && !(await probeCircuitBreaker(db, i.id, fetchImpl))) continue;
    await requeueHeld(db, boss, i.id);
  }
}
