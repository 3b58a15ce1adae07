import { fromPrisma, type PgBoss } from 'pg-boss';
import { CityworksError } from '@/lib/cityworks';
import type { Db, Prisma } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import type { CallRecorder } from './call-recorder';
import type { ScheduledRetry } from '@/lib/jobs/send';
import { IntegrationNotReadyError } from './session';
import { classifyError, type RetryDecision } from './retry-classifier';

/**
 * What a failed submission attempt turns into. The retry classifier decides retry vs dead letter;
 * authentication failures instead open the integration's circuit breaker: the submission is held
 * (not failed, no retry consumed) and the sweeper probes the login once per interval, so a wrong
 * password never turns into a retry storm against the city's server.
 */
export type FailureOutcome = { kind: 'retry'; decision: RetryDecision } | { kind: 'dead'; decision: RetryDecision } | { kind: 'held'; decision: RetryDecision };

export function isAuthFailure(err: unknown): boolean {
  if (err instanceof IntegrationNotReadyError) return true;
  if (!(err instanceof CityworksError)) return false;
  return err.kind === 'invalid-credentials' || err.kind === 'unauthorized' || (err.kind === 'not-cityworks' && err.bodyKind === 'login-redirect');
}

export function decide(err: unknown, retryCount: number, retryLimit: number): FailureOutcome {
  if (err instanceof IntegrationNotReadyError) {
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

export async function openCircuitBreaker(db: Db | Prisma.TransactionClient, integrationId: string, reason: string): Promise<void> {
  await db.$executeRaw`UPDATE "Integration" SET "authFailingSince" = COALESCE("authFailingSince", now()), "authFailureReason" = ${reason}, "updatedAt" = now() WHERE id = ${integrationId}`;
}

/** Longest Retry-After we honour: a server asking for hours should not park a submission for hours. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** pg-boss's own delay before retry `retryCount + 1` (retryDelay * 2^n, capped), without its jitter. */
export function backoffMs(options: { retryDelay?: number; retryBackoff?: boolean; retryDelayMax?: number }, retryCount: number): number {
  const base = (options.retryDelay ?? 0) * 1000;
  const delay = options.retryBackoff ? base * 2 ** retryCount : base;
  return Math.min(delay, (options.retryDelayMax ?? Infinity) * 1000);
}

/**
 * Applies the outcome to the Submission and the timeline, in one transaction (the dead-letter copy
 * and a self-scheduled retry commit with it). Returns whether the job should throw so pg-boss
 * retries it with its backoff. A retryable failure whose server sent Retry-After is instead
 * re-sent here, due no sooner than the server asked (and no sooner than our own backoff), and the
 * job completes: pg-boss's backoff alone would ignore the server's wait.
 */
export async function settleFailure(
  deps: { db: Db; boss: PgBoss },
  ctx: {
    submissionId: string;
    integrationId: string;
    issueId: string;
    queue: string;
    operation: string;
    recorder: CallRecorder;
    /** Retries before this attempt, and how to send the next one at a given time. */
    retryCount: number;
    backoff: { retryDelay?: number; retryBackoff?: boolean; retryDelayMax?: number };
    resend: (tx: Prisma.TransactionClient, retry: ScheduledRetry) => Promise<void>;
    /** The job has already completed (its slot was released): a retry must be sent as a new job. */
    jobReleased?: boolean;
  },
  outcome: FailureOutcome,
  now = Date.now(),
): Promise<boolean> {
  const { boss } = deps;
  const { decision } = outcome;
  const state = outcome.kind === 'dead' ? 'DEAD' : 'PENDING';
  const retryAfterMs = outcome.kind === 'retry' && decision.retryAfterMs !== undefined ? Math.min(decision.retryAfterMs, MAX_RETRY_AFTER_MS) : undefined;
  const waitMs =
    retryAfterMs !== undefined
      ? Math.max(retryAfterMs, backoffMs(ctx.backoff, ctx.retryCount))
      : outcome.kind === 'retry' && ctx.jobReleased
        ? backoffMs(ctx.backoff, ctx.retryCount)
        : undefined;
  const label =
    waitMs !== undefined
      ? `will retry in ${(waitMs / 1000).toFixed(waitMs < 10_000 ? 1 : 0)} s${retryAfterMs === undefined ? '' : ` (the server asked for ${Math.ceil(retryAfterMs / 1000)} s)`}`
      : { retry: 'will retry', dead: 'dead letter', held: 'held: circuit breaker open' }[outcome.kind];
  await ctx.recorder.inTransaction(
    async (tx) => {
      await tx.submission.update({
        where: { id: ctx.submissionId },
        data: { state, lastError: decision.reason, lastErrorClass: decision.errorClass, ...(outcome.kind === 'dead' ? { completedAt: new Date(now) } : {}) },
      });
      if (outcome.kind === 'held') await openCircuitBreaker(tx, ctx.integrationId, decision.reason);
      if (waitMs !== undefined) await ctx.resend(tx, { startAfter: new Date(now + waitMs), priorRetries: ctx.retryCount + 1 });
      if (outcome.kind === 'dead') {
        await boss.send(
          queues.deadLetter.name,
          { queue: ctx.queue, submissionId: ctx.submissionId, issueId: ctx.issueId, integrationId: ctx.integrationId, errorClass: decision.errorClass, reason: decision.reason },
          { db: fromPrisma(tx) },
        );
      }
    },
    [{ operation: ctx.operation, outcome: 'ERROR', errorClass: decision.errorClass, message: `${label}: ${decision.reason}` }],
  );
  return outcome.kind === 'retry' && waitMs === undefined;
}

/** Why the integration is not sending right now, or null when it is. */
export function holdReason(integration: { enabled: boolean; pausedAt: Date | null; authFailingSince: Date | null; authFailureReason: string | null }): string | null {
  if (!integration.enabled) return 'The integration is disabled.';
  if (integration.pausedAt) return 'The integration is paused; submissions resume when it is resumed.';
  if (integration.authFailingSince) return `Authentication is failing (${integration.authFailureReason ?? 'unknown reason'}); held until a login succeeds.`;
  return null;
}
