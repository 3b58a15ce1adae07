import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { CallRecorder } from './call-recorder';
import { sendSubmitComments, sendSubmitIssue } from './enqueue';
import { clientForIntegration } from './integration-client';
import { classifyError } from './retry-classifier';
import { isAuthFailure } from './submission-outcome';

/**
 * Submissions held by a pause or an open circuit breaker keep their PENDING row but have no live
 * job. This re-sends them, and probes an open breaker with one login per sweep (never one per
 * held job). Runs on a schedule; `resumeIntegration` runs it at once for one integration.
 */
async function hasLiveJob(db: Db, queue: string, key: string, field: 'submissionId' | 'issueId'): Promise<boolean> {
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
    const cw = await clientForIntegration(db, integration, recorder.onCall, fetchImpl);
    await cw.authenticate();
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

/** Re-sends the held submissions of one integration; returns how many jobs were sent. */
export async function requeueHeld(db: Db, boss: PgBoss, integrationId: string): Promise<number> {
  const integration = await db.integration.findUniqueOrThrow({ where: { id: integrationId } });
  if (!integration.enabled || integration.pausedAt || integration.authFailingSince) return 0;
  let sent = 0;
  const issues = await db.submission.findMany({ where: { integrationId, kind: 'ISSUE', state: { in: ['PENDING', 'IN_FLIGHT'] } }, select: { id: true, integrationId: true } });
  for (const s of issues) {
    if (await hasLiveJob(db, queues.submitIssue.name, s.id, 'submissionId')) continue;
    await db.$transaction((tx) => sendSubmitIssue(tx, boss, s));
    sent++;
  }
  const commentIssues = await db.submission.findMany({
    where: { integrationId, kind: 'COMMENT', state: { in: ['PENDING', 'IN_FLIGHT'] }, issue: { status: 'ACKNOWLEDGED' } },
    distinct: ['issueId'],
    select: { issueId: true },
  });
  for (const c of commentIssues) {
    if (await hasLiveJob(db, queues.submitComment.name, c.issueId, 'issueId')) continue;
    await db.$transaction((tx) => sendSubmitComments(tx, boss, { id: c.issueId, integrationId }));
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
  const integrations = await db.integration.findMany({ where: { enabled: true, pausedAt: null }, select: { id: true, authFailingSince: true } });
  for (const i of integrations) {
    if (i.authFailingSince && !(await probeCircuitBreaker(db, i.id, fetchImpl))) continue;
    await requeueHeld(db, boss, i.id);
  }
}
