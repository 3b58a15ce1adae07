/**
 * Why the outbound guard stopped a server-side request to a configured URL. The Cityworks and
 * ArcGIS clients turn it into their own typed errors; `reason` is written for an admin and never
 * names the address a host resolved to (that would map an internal network from the outside).
 */
export type OutboundErrorKind = 'refused-address' | 'unsupported-url' | 'too-large';

export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  readonly kind: OutboundErrorKind;
  readonly reason: string;

  constructor(kind: OutboundErrorKind, reason: string) {
    super(reason);
    this.kind = kind;
    this.reason = reason;
  }
}

export function isOutboundError(err: unknown): err is OutboundError {
  return err instanceof OutboundError;
}

/** Walks a `cause` chain: fetch wraps what its body stream or dispatcher threw. */
export function findOutboundError(err: unknown): OutboundError | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof OutboundError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
