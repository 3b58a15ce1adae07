import { ArcgisError } from '@/lib/arcgis/errors';
import { CityworksError } from '@/lib/cityworks/errors';
import { describeTransportFailure } from '@/lib/net/http-client';
import { isTransientDatabaseError, sqlStateOf } from '@/lib/database/sql-state';

/**
 * The one place that decides whether a failed sync step is retried (with backoff) or sent to the
 * dead-letter queue. Every job asks this, never its own rules, so retry behaviour is consistent
 * and every decision carries a reason an admin can read on the timeline.
 *
 *   retry:       network, timeout, HTTP 5xx / 408 / 429 (honouring Retry-After), expired token,
 *                a truncated answer or a crash page, ArcGIS outages, our own database being
 *                unreachable, out of connections, or in a serialization failure or deadlock
 *   dead letter: validation, permission, invalid credentials, not found, TLS, wrong URL / login
 *                page, token problems at the geocoder, an AbortError (someone cancelled on purpose)
 *   unknown:     NOT retried. Anything we cannot classify is a bug in our code or data (a
 *                TypeError, a failed invariant); retrying repeats the same failure, hides it
 *                behind backoff and, for writes, risks repeating side effects. Dead-lettering it
 *                surfaces it at once with its message, and the admin can replay it after a fix.
 */

export interface RetryDecision {
  retryable: boolean;
  /** Stable, short class for dashboards and circuit breakers, e.g. "cityworks.network". */
  errorClass: string;
  /** Human text for the timeline and dead-letter record. Never contains credentials. */
  reason: string;
  /** Wait at least this long before the next try (from Retry-After). */
  retryAfterMs?: number;
}

function withRetryAfter(decision: RetryDecision, retryAfterMs: number | undefined): RetryDecision {
  return retryAfterMs !== undefined ? { ...decision, retryAfterMs } : decision;
}

function fromCityworks(err: CityworksError): RetryDecision {
  const sub = err.kind === 'not-cityworks' && err.bodyKind ? `.${err.bodyKind}` : '';
  return withRetryAfter(
    { retryable: err.retryable, errorClass: `cityworks.${err.kind}${sub}`, reason: err.reason },
    err.retryAfterMs,
  );
}

function fromArcgis(err: ArcgisError): RetryDecision {
  return withRetryAfter({ retryable: err.retryable, errorClass: `arcgis.${err.kind}`, reason: err.reason }, err.retryAfterMs);
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

export function classifyError(err: unknown): RetryDecision {
  if (err instanceof CityworksError) return fromCityworks(err);
  if (err instanceof ArcgisError) return fromArcgis(err);

  // Raw fetch/undici/system errors from code that called fetch itself.
  const transport = describeTransportFailure(err);
  if (transport) {
    switch (transport.kind) {
      case 'aborted':
        return { retryable: false, errorClass: 'aborted', reason: 'The call was cancelled on purpose (shutdown or a caller gave up); not retried.' };
      case 'timeout':
        return { retryable: true, errorClass: 'timeout', reason: `The remote system did not answer in time: ${transport.reason}.` };
      case 'tls':
        return { retryable: false, errorClass: 'tls', reason: `Secure connection failed: ${transport.reason}.` };
      case 'network':
        return { retryable: true, errorClass: 'network', reason: `Network failure: ${transport.reason}.` };
    }
  }

  // Our own database, while recording what Cityworks did: a passing failure is retried (the
  // retry adopts the record by our id); any other database error is a bug, as below.
  if (isTransientDatabaseError(err)) {
    const state = sqlStateOf(err);
    return { retryable: true, errorClass: `database.${state ?? (err as { code: string }).code}`, reason: `The database failed for a moment: ${messageOf(err).slice(0, 300)}` };
  }

  return {
    retryable: false,
    errorClass: 'unknown',
    reason: `Unexpected error, not retried (it would fail the same way): ${messageOf(err).slice(0, 500)}`,
  };
}
