import type { PgBoss } from 'pg-boss';
import { CityworksError } from '@/lib/cityworks';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import type { CallRecorder } from './call-recorder';
import { IntegrationConfigError } from './integration-client';
import { classifyError, type RetryDecision } from './retry-classifier';

/**
 * What a failed submission attempt turns into. The retry classifier decides retry vs dead letter;
 * authentication failures instead open the integration's circuit breaker: the submission is held
 * (not failed, no retry consumed) and the sweeper probes the login once per interval, so a wrong
 * password never turns into a retry storm against the city's server.
 */
export type FailureOutcome = { kind: 'retry'; decision: RetryDecision } | { kind: 'dead'; decision: RetryDecision } | { kind: 'held'; decision: RetryDecision };

export function isAuthFailure(err: unknown): boolean {
  if (err instanceof IntegrationConfigError) return true;
  if (!(err instanceof CityworksError)) return false;
  return err.kind === 'invalid-credentials' || err.kind === 'unauthorized' || (err.kind === 'not-cityworks' && err.bodyKind === 'login-redirect');
}

export function decide(err: unknown, retryCount: number, retryLimit: number): FailureOutcome {
  if (err instanceof IntegrationConfigError) {
    return { kind: 'held', decision: { retryable: false, errorClass: 'integration.config', reason: err.message } };
  }
  const decision = classifyError(err);
  if (isAuthFailure(err)) return { kind: 'held', decision };
  if (decision.retryable && retryCount < retryLimit) return { kind: 'retry', decision };
  if (decision.retryable) {
    return { kind: 'dead', decision: { ...decision, reason: `Gave up after ${retryLimit + 1} attempts. Last error: ${decision.reason}` } };
  }
  return { kind: 'dead', decision };
}

export async function openCircuitBreaker(db: Db, integrationId: string, reason: string): Promise<void> {
  await db.$executeRaw`UPDATE "Integration" SET "authFailingSince" = COALESCE("authFailingSince", now()), "authFailureReason" = ${reason}, "updatedAt" = now() WHERE id = ${integrationId}`;
}

/** Applies the outcome to the Submission and the timeline; returns whether the job should throw (retry). */
export async function settleFailure(
  deps: { db: Db; boss: PgBoss },
  ctx: { submissionId: string; integrationId: string; issueId: string; queue: string; operation: string; recorder: CallRecorder },
  outcome: FailureOutcome,
): Promise<boolean> {
  const { db, boss } = deps;
  const { decision } = outcome;
  const state = outcome.kind === 'dead' ? 'DEAD' : 'PENDING';
  await db.submission.update({
    where: { id: ctx.submissionId },
    data: { state, lastError: decision.reason, lastErrorClass: decision.errorClass, ...(outcome.kind === 'dead' ? { completedAt: new Date() } : {}) },
  });
  const label = { retry: 'will retry', dead: 'dead letter', held: 'held: circuit breaker open' }[outcome.kind];
  ctx.recorder.step({ operation: ctx.operation, outcome: 'ERROR', errorClass: decision.errorClass, message: `${label}: ${decision.reason}` });
  if (outcome.kind === 'held') await openCircuitBreaker(db, ctx.integrationId, decision.reason);
  if (outcome.kind === 'dead') {
    await boss.send(queues.deadLetter.name, {
      queue: ctx.queue,
      submissionId: ctx.submissionId,
      issueId: ctx.issueId,
      integrationId: ctx.integrationId,
      errorClass: decision.errorClass,
      reason: decision.reason,
    });
  }
  await ctx.recorder.flush();
  return outcome.kind === 'retry';
}

/** Why the integration is not sending right now, or null when it is. */
export function holdReason(integration: { enabled: boolean; pausedAt: Date | null; authFailingSince: Date | null; authFailureReason: string | null }): string | null {
  if (!integration.enabled) return 'The integration is disabled.';
  if (integration.pausedAt) return 'The integration is paused; submissions resume when it is resumed.';
  if (integration.authFailingSince) return `Authentication is failing (${integration.authFailureReason ?? 'unknown reason'}); held until a login succeeds.`;
  return null;
}
