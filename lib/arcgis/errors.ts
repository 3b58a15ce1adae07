export type ArcgisErrorKind = 'network' | 'timeout' | 'tls' | 'http' | 'token' | 'not-arcgis' | 'service';

export interface ArcgisErrorInit {
  kind: ArcgisErrorKind;
  reason: string;
  retryable: boolean;
  httpStatus?: number;
  /** The `error.code` of an ArcGIS error body (498 invalid token, 499 token required, 400 ...). */
  arcgisCode?: number;
  retryAfterMs?: number;
  causeCode?: string;
}

/** A failed reverse-geocode call. "No address found" is not an error: the client returns null. */
export class ArcgisError extends Error {
  override readonly name = 'ArcgisError';
  readonly kind: ArcgisErrorKind;
  readonly reason: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly arcgisCode?: number;
  readonly retryAfterMs?: number;
  readonly causeCode?: string;

  constructor(init: ArcgisErrorInit) {
    super(`ArcGIS reverseGeocode failed (${init.kind}): ${init.reason}`);
    this.kind = init.kind;
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
      reason: this.reason,
      retryable: this.retryable,
      httpStatus: this.httpStatus,
      arcgisCode: this.arcgisCode,
      retryAfterMs: this.retryAfterMs,
      causeCode: this.causeCode,
    };
  }
}
