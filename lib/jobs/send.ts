import { fromPrisma, type Db as BossDb, type JobInsert, type PgBoss, type SendOptions } from 'pg-boss';
import type { z } from 'zod';
import type { Prisma } from '@/lib/db';
import { readSettings } from '@/lib/integrations/settings';
import { queues, submitGroup, type QueueDefinition } from './queues';

/**
 * Sending jobs. A job implied by a domain write is sent through the caller's transaction (pg-boss
 * `fromPrisma`): the row and its job commit together or not at all, so there is never "issue
 * saved, submission lost". Payloads are checked against the queue's schema before they are sent.
 */
export type Tx = Prisma.TransactionClient;

/** `tx`: a Prisma transaction; `db`: a pg transaction's client (lib/database/pg-transaction.ts bossDatabase). */
export type JobSendOptions = Omit<SendOptions, 'db'> & ({ tx?: Tx; db?: never } | { db: BossDb; tx?: never });

/** Sends one job of `def`; inside the caller's transaction when one is given. Returns the job id, or null when a singleton policy refused it. */
export async function sendJob<T extends z.ZodType>(boss: PgBoss, def: QueueDefinition<T>, payload: z.input<T>, options: JobSendOptions = {}): Promise<string | null> {
  const { tx, db, ...rest } = options;
  const inTransaction = db ?? (tx ? fromPrisma(tx) : undefined);
  return boss.send(def.name, def.payload.parse(payload) as object, { ...rest, ...(inTransaction ? { db: inTransaction } : {}) });
}

/**
 * A retry the handler schedules itself (to honour a Retry-After): when to start, and how many
 * retries came before, so the retry limit still counts them although it is a new job.
 */
export interface ScheduledRetry {
  startAfter: Date;
  priorRetries: number;
}

/** The integration's submit group, read in the caller's transaction (when the caller does not hold its settings). */
export async function integrationGroup(tx: Tx, integrationId: string): Promise<{ id: string; tier: string }> {
  const integration = await tx.integration.findUniqueOrThrow({ where: { id: integrationId }, select: { settings: true } });
  return submitGroup({ id: integrationId, maxConcurrentCalls: readSettings(integration.settings).maxConcurrentCalls });
}

type GroupRef = { integrationId: string; group?: { id: string; tier: string } };

export async function sendSubmitIssue(tx: Tx, boss: PgBoss, submission: { id: string } & GroupRef, retry?: ScheduledRetry): Promise<void> {
  await sendJob(boss, queues.submitIssue, { submissionId: submission.id, ...(retry ? { priorRetries: retry.priorRetries } : {}) }, {
    tx,
    group: submission.group ?? (await integrationGroup(tx, submission.integrationId)),
    ...(retry ? { startAfter: retry.startAfter } : {}),
  });
}

export async function sendSubmitComments(tx: Tx, boss: PgBoss, issue: { id: string } & GroupRef, retry?: ScheduledRetry): Promise<void> {
  await sendJob(boss, queues.submitComment, { issueId: issue.id, ...(retry ? { priorRetries: retry.priorRetries } : {}) }, {
    tx,
    singletonKey: issue.id,
    group: issue.group ?? (await integrationGroup(tx, issue.integrationId)),
    ...(retry ? { startAfter: retry.startAfter } : {}),
  });
}

/** Many submit-issue jobs of one group in one INSERT (the outbox sweep re-sending a held backlog). */
export async function insertSubmitIssues(tx: Tx, boss: PgBoss, submissionIds: readonly string[], group: { id: string; tier: string }): Promise<void> {
  if (submissionIds.length === 0) return;
  const jobs: JobInsert[] = submissionIds.map((submissionId) => ({ data: queues.submitIssue.payload.parse({ submissionId }), group }));
  await boss.insert(queues.submitIssue.name, jobs, { db: fromPrisma(tx) });
}
