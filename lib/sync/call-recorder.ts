import type { CallEvent } from '@/lib/cityworks';
import type { Db, Prisma } from '@/lib/db';

export interface RecordedStep {
  operation: string;
  outcome: 'OK' | 'ERROR';
  latencyMs?: number;
  errorClass?: string;
  message?: string;
  details?: Record<string, string | number | boolean | null>;
}

/**
 * The one name format of a remote call on the timeline: the client's operation as it is
 * (`ServiceRequest/Create`), outbound and inbound alike. Rows the inbound streams wrote before
 * carry a `cityworks:` prefix; timelineOperation reads both alike.
 */
export function callStep(e: CallEvent): RecordedStep {
  return {
    operation: e.operation,
    outcome: e.outcome === 'ok' ? 'OK' : 'ERROR',
    latencyMs: Math.round(e.latencyMs),
    ...(e.errorKind ? { errorClass: `cityworks.${e.errorKind}` } : {}),
    ...(e.httpStatus !== undefined || e.attempt !== undefined
      ? { details: { ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}), ...(e.attempt !== undefined ? { callAttempt: e.attempt } : {}) } }
      : {}),
  };
}

const LEGACY_CALL_PREFIX = 'cityworks:';

/** A stored operation name in the one format, whether written before or after it was unified. */
export function timelineOperation(operation: string): string {
  return operation.startsWith(LEGACY_CALL_PREFIX) ? operation.slice(LEGACY_CALL_PREFIX.length) : operation;
}

/**
 * Collects every remote call and sync decision of one job attempt and writes them to the
 * timeline (SyncEvent) of the issue and the integration. Calls are buffered because the client's
 * hook is synchronous. A step's events are written in the same transaction as the state change
 * they explain (`flush(tx)`: one commit instead of two); if that transaction rolls back they go
 * back to the buffer, and the `finally` flush of the job records them, so a failed attempt is
 * recorded too.
 */
export class CallRecorder {
  private pending: RecordedStep[] = [];

  constructor(
    private readonly db: Db,
    private readonly scope: { integrationId: string; issueId: string | null; attempt: number },
  ) {}

  readonly onCall = (e: CallEvent): void => {
    this.pending.push(callStep(e));
  };

  step(s: RecordedStep): void {
    this.pending.push(s);
  }

  /** Writes the buffered events through `client` (a transaction, or the database by default). */
  async flush(client: Db | Prisma.TransactionClient = this.db): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    try {
      await this.insert(client, rows);
    } catch (err) {
      this.pending = [...rows, ...this.pending];
      throw err;
    }
  }

  /**
   * Runs `fn` in a transaction whose commit also records the buffered events (and `extra`, which
   * only holds if the transaction commits); a rollback puts the buffered ones back.
   */
  async inTransaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>, extra: RecordedStep[] = []): Promise<T> {
    return CallRecorder.inTransaction(this.db, [{ recorder: this, extra }], fn);
  }

  /**
   * The same for the attempts of a batch: one transaction, and every recorder's events (each with
   * its own issue and attempt) written by one INSERT in it.
   */
  static async inTransaction<T>(db: Db, parts: readonly { recorder: CallRecorder; extra?: RecordedStep[] }[], fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    const taken = parts.map((p) => p.recorder.pending.splice(0));
    try {
      return await db.$transaction(async (tx) => {
        const result = await fn(tx);
        // Anything recorded while fn ran belongs to this commit too.
        parts.forEach((p, i) => taken[i]!.push(...p.recorder.pending.splice(0)));
        const data = parts.flatMap((p, i) => p.recorder.rows([...taken[i]!, ...(p.extra ?? [])]));
        if (data.length > 0) await tx.syncEvent.createMany({ data });
        return result;
      });
    } catch (err) {
      parts.forEach((p, i) => (p.recorder.pending = [...taken[i]!, ...p.recorder.pending]));
      throw err;
    }
  }

  /**
   * Like inTransaction, but `fn` writes the events itself (as part of one statement with the state
   * change): it gets the rows of every recorder's buffered events and `extra`. A rollback puts the
   * buffered ones back.
   */
  static async inTransactionWriting<T>(
    db: Db,
    parts: readonly { recorder: CallRecorder; extra?: RecordedStep[] }[],
    fn: (tx: Prisma.TransactionClient, events: Prisma.SyncEventCreateManyInput[]) => Promise<T>,
  ): Promise<T> {
    const taken = parts.map((p) => p.recorder.pending.splice(0));
    try {
      return await db.$transaction((tx) => fn(tx, parts.flatMap((p, i) => p.recorder.rows([...taken[i]!, ...(p.extra ?? [])]))));
    } catch (err) {
      parts.forEach((p, i) => (p.recorder.pending = [...taken[i]!, ...p.recorder.pending]));
      throw err;
    }
  }

  private async insert(client: Db | Prisma.TransactionClient, rows: RecordedStep[]): Promise<void> {
    if (rows.length === 0) return;
    await client.syncEvent.createMany({ data: this.rows(rows) });
  }

  private rows(rows: RecordedStep[]): Prisma.SyncEventCreateManyInput[] {
    return rows.map((r) => ({
      integrationId: this.scope.integrationId,
      issueId: this.scope.issueId,
      attempt: this.scope.attempt,
      operation: r.operation,
      outcome: r.outcome,
      latencyMs: r.latencyMs ?? null,
      errorClass: r.errorClass ?? null,
      message: r.message ?? null,
      ...(r.details ? { details: r.details } : {}),
    }));
  }
}
