import { z } from 'zod';
import type { Db } from '@/lib/db';

/**
 * Typed sync cursors, one row per (integration, stream) in SyncCursor. Each stream validates its
 * own position with zod (nango's cursor pattern), and every successful run records the window it
 * covered and its lag, so "is sync healthy, and how far behind is it?" is one read.
 */

export const STREAMS = ['categories', 'questions', 'poll-updates', 'import-requests', 'archive-closed'] as const;
export type Stream = (typeof STREAMS)[number];

/** A run's progress while it is under way, for the on-demand buttons. */
export const progressSchema = z.object({
  state: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.iso.datetime(),
  done: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  message: z.string().max(2000).nullable(),
});
export type Progress = z.infer<typeof progressSchema>;

const base = z.object({ progress: progressSchema.optional() });

export const cursorSchemas = {
  categories: base.extend({ counts: z.record(z.string(), z.number()).optional() }),
  questions: base.extend({ counts: z.record(z.string(), z.number()).optional() }),
  'poll-updates': base.extend({ linksPolled: z.number().int().min(0).optional(), remoteCalls: z.number().int().min(0).optional() }),
  // The newest DateTimeInit seen; the next run searches from it minus the overlap window.
  'import-requests': base.extend({ initBegin: z.iso.datetime().optional(), imported: z.number().int().min(0).optional() }),
  'archive-closed': base.extend({ archived: z.number().int().min(0).optional() }),
} satisfies Record<Stream, z.ZodType>;

export type CursorOf<S extends Stream> = z.infer<(typeof cursorSchemas)[S]>;

export interface CursorRow<S extends Stream> {
  cursor: CursorOf<S>;
  windowStart: Date | null;
  windowEnd: Date | null;
  lastSuccessAt: Date | null;
  lagMs: number | null;
}

export async function readCursor<S extends Stream>(db: Db, integrationId: string, stream: S): Promise<CursorRow<S>> {
  const row = await db.syncCursor.findUnique({ where: { integrationId_stream: { integrationId, stream } } });
  // A cursor written by an older shape is a position we no longer understand: start over rather than crash.
  const parsed = cursorSchemas[stream].safeParse(row?.cursor ?? {});
  return {
    cursor: (parsed.success ? parsed.data : {}) as CursorOf<S>,
    windowStart: row?.windowStart ?? null,
    windowEnd: row?.windowEnd ?? null,
    lastSuccessAt: row?.lastSuccessAt ?? null,
    lagMs: row?.lagMs ?? null,
  };
}

async function writeCursor(db: Db, integrationId: string, stream: Stream, data: { cursor: object; windowStart?: Date; windowEnd?: Date; lastSuccessAt?: Date; lagMs?: number }): Promise<void> {
  const cursor = JSON.parse(JSON.stringify(data.cursor)) as object;
  const fields = {
    cursor,
    ...(data.windowStart ? { windowStart: data.windowStart } : {}),
    ...(data.windowEnd ? { windowEnd: data.windowEnd } : {}),
    ...(data.lastSuccessAt ? { lastSuccessAt: data.lastSuccessAt } : {}),
    ...(data.lagMs !== undefined ? { lagMs: data.lagMs } : {}),
  };
  await db.syncCursor.upsert({
    where: { integrationId_stream: { integrationId, stream } },
    create: { integrationId, stream, ...fields },
    update: fields,
  });
}

/** Records progress without touching the last successful window. */
export async function reportProgress<S extends Stream>(db: Db, integrationId: string, stream: S, progress: Progress): Promise<void> {
  const { cursor } = await readCursor(db, integrationId, stream);
  await writeCursor(db, integrationId, stream, { cursor: { ...cursor, progress } });
}

/**
 * A successful run: its new position, the window it covered and its lag (how old the newest data
 * it saw was when it finished: windowEnd to now).
 */
export async function recordSuccess<S extends Stream>(
  db: Db,
  integrationId: string,
  stream: S,
  run: { cursor: Omit<CursorOf<S>, 'progress'>; windowStart: Date; windowEnd: Date; startedAt: Date; done: number; total: number | null; message?: string },
): Promise<void> {
  const now = new Date();
  const progress: Progress = { state: 'succeeded', startedAt: run.startedAt.toISOString(), done: run.done, total: run.total, message: run.message ?? null };
  await writeCursor(db, integrationId, stream, {
    cursor: { ...run.cursor, progress },
    windowStart: run.windowStart,
    windowEnd: run.windowEnd,
    lastSuccessAt: now,
    lagMs: Math.max(0, now.getTime() - run.windowEnd.getTime()),
  });
}

export async function recordFailure(db: Db, integrationId: string, stream: Stream, startedAt: Date, message: string): Promise<void> {
  const { cursor } = await readCursor(db, integrationId, stream);
  const progress: Progress = { state: 'failed', startedAt: startedAt.toISOString(), done: cursor.progress?.done ?? 0, total: cursor.progress?.total ?? null, message: message.slice(0, 2000) };
  await writeCursor(db, integrationId, stream, { cursor: { ...cursor, progress } });
}
