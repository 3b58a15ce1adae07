import { z } from 'zod';
import type { QueueOptions } from 'pg-boss';

/**
 * Every queue, its payload schema and its retry / backoff / expiry / dead-letter policy, in one
 * place (the pg-boss "queues" pattern). Handlers live in lib/sync and workers/jobs; they are
 * registered by the worker process.
 */
export interface QueueDefinition<T extends z.ZodType> {
  name: string;
  payload: T;
  options: QueueOptions & { deadLetter?: string };
}

function define<T extends z.ZodType>(def: QueueDefinition<T>): QueueDefinition<T> {
  return def;
}

export const DEAD_LETTER_QUEUE = 'dead-letter';

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
} as const;

export type QueueName = (typeof queues)[keyof typeof queues]['name'];
