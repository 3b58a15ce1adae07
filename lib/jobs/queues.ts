import { z } from 'zod';
import type { Queue } from 'pg-boss';

/**
 * Every queue, its payload schema and its retry / backoff / expiry / dead-letter policy, in one
 * place (the pg-boss "queues" pattern). Handlers live in lib/sync and workers/jobs; they are
 * registered by the worker process.
 */
export interface QueueDefinition<T extends z.ZodType> {
  name: string;
  payload: T;
  options: Omit<Queue, 'name'>;
}

function define<T extends z.ZodType>(def: QueueDefinition<T>): QueueDefinition<T> {
  return def;
}

export const DEAD_LETTER_QUEUE = 'dead-letter';

/** The outbound queues' retry, expiry and dead-letter policy (see submitIssue below). */
const OUTBOX_POLICY = {
  retryLimit: 12,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 30,
  expireInSeconds: 120,
  heartbeatSeconds: 10,
  deleteAfterSeconds: 7 * 24 * 3600,
  deadLetter: DEAD_LETTER_QUEUE,
  notify: true,
} as const;

/** The inbound streams' policy: one queued and one active job per integration, a few retries with backoff. */
const STREAM_POLICY = { policy: 'stately', retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 900, deleteAfterSeconds: 7 * 24 * 3600 } as const;

export const queues = {
  deadLetter: define({
    name: DEAD_LETTER_QUEUE,
    payload: z.unknown(),
    options: { retryLimit: 0, retentionSeconds: 30 * 24 * 3600, deleteAfterSeconds: 30 * 24 * 3600 },
  }),
  // Proves end to end that a worker is consuming jobs: health reads the row it writes.
  workerHeartbeat: define({
    name: 'worker-heartbeat',
    payload: z.object({}).passthrough(),
    options: { retryLimit: 0, expireInSeconds: 60, deleteAfterSeconds: 3600 },
  }),
  /**
   * The outbound sync (lib/sync). Jobs carry only ids: the Submission row (the outbox) is the
   * truth, so a job can be replayed or re-sent without carrying stale data. Retries use
   * exponential backoff with jitter; a job still failing after `retryLimit` tries, or failing in a
   * way retrying cannot fix, is recorded as DEAD with its reason by the handler and copied to the
   * dead-letter queue. `expireInSeconds` bounds one attempt (client timeout 10 s per call, a few
   * calls); a worker SIGKILLed mid-attempt is noticed by the heartbeat and its job retried.
   */
  submitIssue: define({
    name: 'submit-issue',
    // priorRetries: retries before this job, when the handler re-sent it to honour a Retry-After.
    payload: z.object({ submissionId: z.string().min(1), priorRetries: z.number().int().min(0).optional() }),
    options: OUTBOX_POLICY,
  }),
  // One job drains an issue's comment outbox in order; `key_strict_fifo` on the issue id keeps a
  // second drain of the same issue from running beside it.
  submitComment: define({
    name: 'submit-comment',
    payload: z.object({ issueId: z.string().min(1), priorRetries: z.number().int().min(0).optional() }),
    options: { ...OUTBOX_POLICY, policy: 'key_strict_fifo' },
  }),
  // Re-sends submissions held by a pause or an open circuit breaker, and probes the breaker.
  outboxSweep: define({
    name: 'outbox-sweep',
    payload: z.object({}).passthrough(),
    options: { policy: 'singleton', retryLimit: 0, expireInSeconds: 120, deleteAfterSeconds: 3600 },
  }),
  /**
   * The inbound sync (lib/sync: categories, questions, poll-updates, import-requests). One job per
   * integration at a time: `stately` with the integration id as singletonKey allows one queued and
   * one active job per integration. Retryable failures back off; others are recorded on the
   * timeline and the stream tries again at its next schedule.
   */
  syncCategories: define({
    name: 'sync-categories',
    payload: z.object({ integrationId: z.string().min(1) }),
    options: STREAM_POLICY,
  }),
  syncQuestions: define({
    name: 'sync-questions',
    payload: z.object({ integrationId: z.string().min(1), requestTypeId: z.string().min(1).optional() }),
    options: STREAM_POLICY,
  }),
  pollUpdates: define({
    name: 'poll-updates',
    payload: z.object({ integrationId: z.string().min(1) }),
    options: { policy: 'stately', retryLimit: 2, retryDelay: 15, retryBackoff: true, expireInSeconds: 1800, deleteAfterSeconds: 24 * 3600 },
  }),
  importRequests: define({
    name: 'import-requests',
    payload: z.object({ integrationId: z.string().min(1) }),
    options: STREAM_POLICY,
  }),
  archiveClosed: define({
    name: 'archive-closed',
    payload: z.object({}).passthrough(),
    options: { policy: 'singleton', retryLimit: 2, expireInSeconds: 300, deleteAfterSeconds: 7 * 24 * 3600 },
  }),
  // Ticks every minute and sends each integration's due streams (workers/schedules.ts).
  syncScheduler: define({
    name: 'sync-scheduler',
    payload: z.object({}).passthrough(),
    options: { policy: 'singleton', retryLimit: 0, expireInSeconds: 120, deleteAfterSeconds: 3600 },
  }),
  // Timeline retention (lib/operations/timeline-retention.ts): nightly, bounded batches; a run cut
  // short leaves the rest to the next one.
  pruneTimeline: define({
    name: 'prune-timeline',
    payload: z.object({}).passthrough(),
    options: { policy: 'singleton', retryLimit: 2, retryDelay: 300, expireInSeconds: 1800, deleteAfterSeconds: 7 * 24 * 3600 },
  }),
} as const;

export type QueueName = (typeof queues)[keyof typeof queues]['name'];

/**
 * Jobs of one integration a queue lets the workers hold, per call slot. The calls themselves are
 * bounded by the integration's call slots (lib/sync/call-slots.ts); holding twice as many jobs
 * lets the next job be claimed, loaded and marked while the calls run, so a freed slot goes to a
 * job that is ready at once instead of waiting a commit for it.
 */
export const JOBS_HELD_PER_CALL_SLOT = 2;

/**
 * pg-boss group tiers, one per allowed `maxConcurrentCalls` value (1..20): a submit or comment job
 * carries its integration as group and `c<limit>` as tier, and pg-boss keeps the active jobs of a
 * group at or under the tier's limit across every worker process.
 */
export const CONCURRENCY_TIERS: Record<string, number> = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i + 1}`, JOBS_HELD_PER_CALL_SLOT * (i + 1)]));

/** The group and tier of an integration's submit jobs. */
export function submitGroup(integration: { id: string; maxConcurrentCalls: number }): { id: string; tier: string } {
  return { id: integration.id, tier: `c${integration.maxConcurrentCalls}` };
}

/**
 * How a worker takes submit jobs (lib/jobs/slot-worker.ts). A fetch claims up to `maxFetch` jobs,
 * never more of one integration than its group allows (JOBS_HELD_PER_CALL_SLOT per call slot), and
 * the process holds at most `capacity` at once. A job waits for one of the integration's call
 * slots for each call; it gives its job slot back as soon as Cityworks has answered (its
 * acknowledgment is written after), and the one fetch loop tops the job slots up.
 *
 * One fetch loop per process: pg-boss counts a group's active jobs when a fetch statement starts,
 * so two fetches running at the same moment can both see the same free slots and together claim
 * more than the group allows (measured: 6 jobs held at once under a group limit of 3 with three
 * loops). With one loop a process never races itself; one loop serves every integration. Between
 * worker processes the race remains, but it only lets more jobs wait: the calls are bounded by the
 * call slots.
 */
const GROUP_LIMITS = { default: JOBS_HELD_PER_CALL_SLOT * 4, tiers: CONCURRENCY_TIERS };

export const SUBMIT_SLOT_OPTIONS = {
  capacity: 40,
  maxFetch: 20,
  groupConcurrency: GROUP_LIMITS,
  // Half the queue's heartbeat, as pg-boss's own worker refreshes it.
  heartbeatMs: ((OUTBOX_POLICY.heartbeatSeconds ?? 10) * 1000) / 2,
  // NOTIFY announces new jobs; this catches a missed one and retries coming due.
  backstopMs: 2000,
} as const;

/** submit-comment drains one issue per job, in order; jobs run one at a time per loop. */
export const COMMENT_WORK_OPTIONS = {
  localConcurrency: 8,
  groupConcurrency: GROUP_LIMITS,
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 5,
  includeMetadata: true,
} as const;
