import type { Db } from '@/lib/db';
import { classifyError } from '../retry-classifier';
import { IntegrationNotReadyError } from './remote-client';

/**
 * How every inbound job ends. A retryable failure (network, 5xx, expired token...) is thrown so
 * pg-boss retries it with backoff; anything else is recorded on the integration's timeline with
 * its reason and the job completes: the stream runs again at its next schedule, so a validation
 * error is not hammered and nothing is lost. An integration that is paused, disabled or not yet
 * configured is skipped, not failed.
 */
export async function runStream<T>(db: Db, integrationId: string, operation: string, run: () => Promise<T>): Promise<T | null> {
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
