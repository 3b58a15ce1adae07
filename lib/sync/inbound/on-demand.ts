import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';
import { queues } from '@/lib/jobs/queues';
import { readCursor, STREAMS, type Progress, type Stream } from '../cursors';

/**
 * "Sync now" from the integration page: send the stream's job (one per integration at a time;
 * asking again while one is queued or running joins it), then show its progress from the cursor.
 */

export const syncRequestSchema = z.object({
  stream: z.enum(['categories', 'questions', 'poll-updates', 'import-requests']),
  requestTypeId: z.string().min(1).optional(),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

const QUEUE: Record<SyncRequest['stream'], string> = {
  categories: queues.syncCategories.name,
  questions: queues.syncQuestions.name,
  'poll-updates': queues.pollUpdates.name,
  'import-requests': queues.importRequests.name,
};

async function integrationOf(db: Db, organizationId: string, integrationId: string): Promise<{ id: string }> {
  const integration = await db.integration.findFirst({ where: { id: integrationId, organizationId }, select: { id: true } });
  // Another organization's integration is indistinguishable from a missing one.
  if (!integration) throw notFound('Integration');
  return integration;
}

export async function requestSync(db: Db, boss: PgBoss, organizationId: string, integrationId: string, raw: unknown): Promise<{ stream: Stream; jobId: string | null; alreadyQueued: boolean }> {
  const input = syncRequestSchema.parse(raw);
  await integrationOf(db, organizationId, integrationId);
  if (input.requestTypeId) {
    const rt = await db.requestType.findFirst({ where: { id: input.requestTypeId, integrationId }, select: { id: true } });
    if (!rt) throw notFound('Category');
  }
  const payload = { integrationId, ...(input.stream === 'questions' && input.requestTypeId ? { requestTypeId: input.requestTypeId } : {}) };
  const jobId = await boss.send(QUEUE[input.stream], payload, { singletonKey: integrationId });
  const stream: Stream = input.stream;
  return { stream, jobId, alreadyQueued: jobId === null };
}

export interface StreamStatus {
  stream: Stream;
  progress: Progress | null;
  lastSuccessAt: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  lagMs: number | null;
  counts: Record<string, number> | null;
}

export async function syncStatus(db: Db, organizationId: string, integrationId: string): Promise<StreamStatus[]> {
  await integrationOf(db, organizationId, integrationId);
  const out: StreamStatus[] = [];
  for (const stream of STREAMS.filter((s) => s !== 'archive-closed')) {
    const c = await readCursor(db, integrationId, stream);
    const counts = 'counts' in c.cursor && c.cursor.counts ? c.cursor.counts : null;
    out.push({
      stream,
      progress: c.cursor.progress ?? null,
      lastSuccessAt: c.lastSuccessAt?.toISOString() ?? null,
      windowStart: c.windowStart?.toISOString() ?? null,
      windowEnd: c.windowEnd?.toISOString() ?? null,
      lagMs: c.lagMs,
      counts,
    });
  }
  return out;
}
