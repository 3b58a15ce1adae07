import type { Db, Prisma } from '@/lib/db';
import { recordFailure, recordSuccess, reportProgress, type CursorOf, type Stream } from '../cursors';
import { classifyError } from '../retry-classifier';
import { IntegrationNotReadyError, openRemote, type OpenRemoteOptions, type RemoteSession } from '../session';

/**
 * The one skeleton of an inbound stream: open the integration's session, report progress, run the
 * stream's own work, write the recorded calls, then record the run on the stream's cursor (and the
 * integration's timeline) whether it succeeded or failed. A failure is rethrown for the job edge
 * (runInboundJob) to classify.
 */

/** What a stream hands back to be recorded: its new cursor, the window it covered, its counts. */
export interface StreamSuccess<S extends Stream> {
  cursor: Omit<CursorOf<S>, 'progress'>;
  windowStart: Date;
  windowEnd: Date;
  done: number;
  total: number | null;
  message?: string;
  /** When set, a timeline row `operation` OK with these details (and the run's latency) is written. */
  event?: { operation: string; details: Prisma.InputJsonObject };
}

/** A stream's result, and what to record; `record: null` is a run with nothing to do (a switch is off). */
export interface StreamOutcome<S extends Stream, T> {
  result: T;
  record: StreamSuccess<S> | null;
}

export interface InboundRun<S extends Stream> {
  db: Db;
  integrationId: string;
  stream: S;
  remote: RemoteSession;
  startedAt: Date;
  /** Shows the running state on the integration page ("Sync now"). */
  progress(done: number, total: number | null, message?: string | null): Promise<void>;
  /** Writes the calls recorded so far (a long stream flushes per page, so a crash keeps them). */
  flushCalls(): Promise<void>;
}

export interface InboundStreamOptions extends OpenRemoteOptions {
  /** The run's start (tests); now by default. */
  now?: Date;
}

export async function runInboundStream<S extends Stream, T>(
  db: Db,
  integrationId: string,
  stream: S,
  opts: InboundStreamOptions,
  work: (run: InboundRun<S>) => Promise<StreamOutcome<S, T>>,
): Promise<T> {
  const startedAt = opts.now ?? new Date();
  let remote: RemoteSession | undefined;
  try {
    remote = await openRemote(db, integrationId, opts);
    const session = remote;
    const outcome = await work({
      db,
      integrationId,
      stream,
      remote: session,
      startedAt,
      progress: (done, total, message = null) => reportProgress(db, integrationId, stream, { state: 'running', startedAt: startedAt.toISOString(), done, total, message }),
      flushCalls: () => session.flushCalls(db),
    });
    await session.flushCalls(db);
    const record = outcome.record;
    if (!record) return outcome.result;
    await recordSuccess(db, integrationId, stream, {
      cursor: record.cursor,
      windowStart: record.windowStart,
      windowEnd: record.windowEnd,
      startedAt,
      done: record.done,
      total: record.total,
      ...(record.message !== undefined ? { message: record.message } : {}),
    });
    if (record.event) {
      await db.syncEvent.create({
        data: { integrationId, operation: record.event.operation, outcome: 'OK', latencyMs: Date.now() - startedAt.getTime(), details: record.event.details },
      });
    }
    return outcome.result;
  } catch (err) {
    await remote?.flushCalls(db);
    await recordFailure(db, integrationId, stream, startedAt, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/**
 * How every inbound job ends. A retryable failure (network, 5xx, expired token...) is thrown so
 * pg-boss retries it with backoff; anything else is recorded on the integration's timeline with
 * its reason and the job completes: the stream runs again at its next schedule, so a validation
 * error is not hammered and nothing is lost. An integration that is paused, disabled or not yet
 * configured is skipped, not failed.
 */
export async function runInboundJob<T>(db: Db, integrationId: string, operation: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof IntegrationNotReadyError) return null;
    const decision = classifyError(err);
    await db.syncEvent.create({
      data: { integrationId, operation, outcome: 'ERROR', errorClass: decision.errorClass, message: decision.reason.slice(0, 2000), details: { retryable: decision.retryable } },
    });
    if (decision.retryable) throw err;
    return null;
  }
}
