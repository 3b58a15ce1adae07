import { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';

/**
 * The dead letters of the other streams: inbound jobs (poll, import, categories, questions) that
 * failed after their retries, and dead-letter queue jobs that belong to no submission. Their cure
 * is to run the stream again ("Sync now"), since each run starts from its cursor; they are listed
 * so an admin sees why a stream stopped, not acted on one by one.
 */
export interface FailedJob {
  id: string;
  queue: string;
  failedAt: string | null;
  attempts: number;
  error: string | null;
}

const INBOUND = [queues.pollUpdates.name, queues.importRequests.name, queues.syncCategories.name, queues.syncQuestions.name];

export async function failedStreamJobs(db: Db, integrationId: string, since: Date, limit = 50): Promise<FailedJob[]> {
  const rows = await db.$queryRaw<{ id: string; queue: string; failedAt: Date | null; attempts: number; error: string | null }[]>`
    SELECT id::text AS id,
           CASE WHEN name = ${queues.deadLetter.name} THEN COALESCE(source_name, data->>'queue', name) ELSE name END AS queue,
           completed_on AS "failedAt",
           (CASE WHEN name = ${queues.deadLetter.name} THEN COALESCE(source_retry_count, 0) ELSE retry_count END + 1)::int AS attempts,
           left(COALESCE(data->>'reason', output->>'message', source_output->>'message', output::text, source_output::text), 1000) AS error
    FROM pgboss.job
    WHERE data->>'integrationId' = ${integrationId}
      AND ((name IN (${Prisma.join(INBOUND)}) AND state::text = 'failed' AND completed_on >= ${since})
           OR (name = ${queues.deadLetter.name} AND data->>'submissionId' IS NULL))
    ORDER BY completed_on DESC NULLS FIRST, created_on DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({ ...r, failedAt: r.failedAt?.toISOString() ?? null }));
}
