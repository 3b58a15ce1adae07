import type { CallEvent } from '@/lib/cityworks';
import type { Db } from '@/lib/db';

export interface RecordedStep {
  operation: string;
  outcome: 'OK' | 'ERROR';
  latencyMs?: number;
  errorClass?: string;
  message?: string;
  details?: Record<string, string | number | boolean | null>;
}

/**
 * Collects every remote call and sync decision of one job attempt and writes them to the
 * timeline (SyncEvent) of the issue and the integration. Calls are buffered because the client's
 * hook is synchronous; `flush` runs after each step and in `finally`, so a failed attempt is
 * recorded too.
 */
export class CallRecorder {
  private pending: RecordedStep[] = [];

  constructor(
    private readonly db: Db,
    private readonly scope: { integrationId: string; issueId: string | null; attempt: number },
  ) {}

  readonly onCall = (e: CallEvent): void => {
    this.pending.push({
      operation: e.operation,
      outcome: e.outcome === 'ok' ? 'OK' : 'ERROR',
      latencyMs: Math.round(e.latencyMs),
      ...(e.errorKind ? { errorClass: `cityworks.${e.errorKind}` } : {}),
      ...(e.httpStatus !== undefined || e.attempt !== undefined
        ? { details: { ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}), ...(e.attempt !== undefined ? { callAttempt: e.attempt } : {}) } }
        : {}),
    });
  };

  step(s: RecordedStep): void {
    this.pending.push(s);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    await this.db.syncEvent.createMany({
      data: rows.map((r) => ({
        integrationId: this.scope.integrationId,
        issueId: this.scope.issueId,
        attempt: this.scope.attempt,
        operation: r.operation,
        outcome: r.outcome,
        latencyMs: r.latencyMs ?? null,
        errorClass: r.errorClass ?? null,
        message: r.message ?? null,
        ...(r.details ? { details: r.details } : {}),
      })),
    });
  }
}
