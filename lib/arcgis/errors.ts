import { describeTransportFailure } from '@/lib/net/http-client';
import { findOutboundError } from '@/lib/net/outbound-error';

export type ArcgisErrorKind = 'network' | 'timeout' | 'tls' | 'http' | 'token' | 'not-arcgis' | 'service';

export interface ArcgisErrorInit {
  kind: ArcgisErrorKind;
  /** The GeocodeServer operation that failed; reverseGeocode when not said. */
  operation?: string;
  reason: string;
  retryable: boolean;
  httpStatus?: number;
  /** The `error.code` of an ArcGIS error body (498 invalid token, 499 token required, 400 ...). */
  arcgisCode?: number;
  retryAfterMs?: number;
  causeCode?: string;
}

/**
 * A failed GeocodeServer call. "No address found" is not an error: reverseGeocode returns null and
 * findAddressCandidates an empty list.
 */
export class ArcgisError extends Error {
  override readonly name = 'ArcgisError';
  readonly kind: ArcgisErrorKind;
  readonly operation: string;
  readonly reason: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly arcgisCode?: number;
  readonly retryAfterMs?: number;
  readonly causeCode?: string;

  constructor(init: ArcgisErrorInit) {
    const operation = init.operation ?? 'reverseGeocode';
    super(`ArcGIS ${operation} failed (${init.kind}): ${init.reason}`);
    this.kind = init.kind;
    this.operation = operation;
    this.reason = init.reason;
    this.retryable = init.retryable;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.arcgisCode !== undefined) this.arcgisCode = init.arcgisCode;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.causeCode !== undefined) this.causeCode = init.causeCode;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      operation: this.operation,
      reason: this.reason,
      retryable: this.retryable,
      httpStatus: this.httpStatus,
      arcgisCode: this.arcgisCode,
      retryAfterMs: this.retryAfterMs,
      causeCode: this.causeCode,
    };
  }
}

/**
 * What a failed fetch to an ArcGIS service becomes (`service` names it in the reason, e.g. "the
 * geocoder"), or null when `err` is not a fetch failure. A refused address or an oversized answer
 * will not change by asking again; a network failure or a timeout may.
 */
export function arcgisFetchError(err: unknown, operation: string, service: string, timeoutMs: number): ArcgisError | null {
  const outbound = findOutboundError(err);
  if (outbound) {
    return new ArcgisError({ kind: outbound.kind === 'too-large' ? 'http' : 'network', operation, retryable: false, reason: outbound.reason, causeCode: outbound.kind });
  }
  const failure = describeTransportFailure(err);
  if (!failure) return null;
  const kind = failure.kind === 'aborted' ? 'timeout' : failure.kind;
  const Service = service.charAt(0).toUpperCase() + service.slice(1);
  return new ArcgisError({
    kind,
    operation,
    retryable: kind !== 'tls',
    reason: kind === 'timeout' ? `${Service} did not answer within ${timeoutMs} ms.` : `Could not reach ${service}: ${failure.reason}.`,
    ...(failure.code ? { causeCode: failure.code } : {}),
  });
}
