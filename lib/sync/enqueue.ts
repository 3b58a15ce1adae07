import { fromPrisma, type PgBoss } from 'pg-boss';
import type { Prisma } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { readSettings } from '@/lib/integrations/settings';

/**
 * Sending a job through the caller's transaction (pg-boss `fromPrisma`): the Submission row and
 * its job commit together or not at all, so there is never "issue saved, submission lost".
 * Jobs are grouped by integration and tiered by its `maxConcurrentCalls`, which pg-boss enforces
 * across every worker process (see SUBMIT_WORK_OPTIONS).
 */
export type Tx = Prisma.TransactionClient;

/** pg-boss group tiers, one per allowed `maxConcurrentCalls` value (1..20). */
export const CONCURRENCY_TIERS: Record<string, number> = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i + 1}`, i + 1]));

export const SUBMIT_WORK_OPTIONS = {
  localConcurrency: 8,
  groupConcurrency: { default: 4, tiers: CONCURRENCY_TIERS },
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 5,
} as const;

async function groupFor(tx: Tx, integrationId: string): Promise<{ id: string; tier: string }> {
  const integration = await tx.integration.findUniqueOrThrow({ where: { id: integrationId }, select: { settings: true } });
  return { id: integrationId, tier: `c${readSettings(integration.settings).maxConcurrentCalls}` };
}

/**
 * A retry the handler schedules itself (to honour a Retry-After): when to start, and how many
 * retries came before, so the retry limit still counts them although it is a new job.
 */
export interface ScheduledRetry {
  startAfter: Date;
  priorRetries: number;
}

export async function sendSubmitIssue(tx: Tx, boss: PgBoss, submission: { id: string; integrationId: string }, retry?: ScheduledRetry): Promise<void> {
  await boss.send(
    queues.submitIssue.name,
    { submissionId: submission.id, ...(retry ? { priorRetries: retry.priorRetries } : {}) },
    { db: fromPrisma(tx), group: await groupFor(tx, submission.integrationId), ...(retry ? { startAfter: retry.startAfter } : {}) },
  );
}

export async function sendSubmitComments(tx: Tx, boss: PgBoss, issue: { id: string; integrationId: string }, retry?: ScheduledRetry): Promise<void> {
  await boss.send(
    queues.submitComment.name,
    { issueId: issue.id, ...(retry ? { priorRetries: retry.priorRetries } : {}) },
    { db: fromPrisma(tx), singletonKey: issue.id, group: await groupFor(tx, issue.integrationId), ...(retry ? { startAfter: retry.startAfter } : {}) },
  );
}

/** Locks the issue row for the rest of the transaction: status changes and comment outboxing serialize on it. */
export async function lockIssue(tx: Tx, issueId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Issue" WHERE id = ${issueId} FOR UPDATE`;
}
