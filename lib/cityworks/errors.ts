/**
 * Every failure of a Cityworks call surfaces as one CityworksError. `kind` says what went wrong,
 * `retryable` whether trying again later can help, and `reason` tells a city admin what to do.
 * Nothing here ever holds the password or the token: messages are built from our own words plus
 * server texts that pass through `redactSecrets` first.
 */

export type CityworksErrorKind =
  | 'network'
  | 'timeout'
  | 'tls'
  | 'http'
  | 'not-cityworks'
  | 'unauthorized'
  | 'invalid-credentials'
  | 'permission'
  | 'validation'
  | 'not-found';

/** What a non-Cityworks body looked like, so the admin knows which misconfiguration it is. */
export type NotCityworksBody =
  | 'login-redirect' // Forms authentication sent us to a login page ("Object moved to")
  | 'aspnet-error' // an ASP.NET / IIS error page
  | 'html' // some other HTML page (proxy, captive portal, wrong site)
  | 'truncated-json' // the body started as JSON but ended early
  | 'non-json' // anything else that does not parse
  | 'unexpected-json'; // JSON, but not the shape this operation returns

/** Which Cityworks authentication code rejected the login (AuthenticationErrorCodes). */
export type CredentialProblem = 'employee-not-found' | 'inactive-user' | 'invalid-credentials' | 'unknown';

export interface CityworksMessage {
  name: string;
  code: number | null;
  displayText: string;
  service: string;
}

export interface CityworksErrorInit {
  kind: CityworksErrorKind;
  operation: string;
  reason: string;
  retryable: boolean;
  httpStatus?: number;
  retryAfterMs?: number;
  bodyKind?: NotCityworksBody;
  credentialProblem?: CredentialProblem;
  cityworksStatus?: number;
  messages?: CityworksMessage[];
  /** Low-level code of a transport failure, e.g. ECONNREFUSED or CERT_HAS_EXPIRED. */
  causeCode?: string;
}

export class CityworksError extends Error {
  override readonly name = 'CityworksError';
  readonly kind: CityworksErrorKind;
  readonly operation: string;
  readonly reason: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly bodyKind?: NotCityworksBody;
  readonly credentialProblem?: CredentialProblem;
  readonly cityworksStatus?: number;
  readonly messages: CityworksMessage[];
  readonly causeCode?: string;

  constructor(init: CityworksErrorInit) {
    super(`Cityworks ${init.operation} failed (${init.kind}): ${init.reason}`);
    this.kind = init.kind;
    this.operation = init.operation;
    this.reason = init.reason;
    this.retryable = init.retryable;
    this.messages = init.messages ?? [];
    // Optional fields are only set when present so that JSON and equality checks stay clean.
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.bodyKind !== undefined) this.bodyKind = init.bodyKind;
    if (init.credentialProblem !== undefined) this.credentialProblem = init.credentialProblem;
    if (init.cityworksStatus !== undefined) this.cityworksStatus = init.cityworksStatus;
    if (init.causeCode !== undefined) this.causeCode = init.causeCode;
  }

  /** Plain data for timelines and dead-letter records (Error's own fields do not serialize). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      operation: this.operation,
      reason: this.reason,
      retryable: this.retryable,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
      bodyKind: this.bodyKind,
      credentialProblem: this.credentialProblem,
      cityworksStatus: this.cityworksStatus,
      messages: this.messages,
      causeCode: this.causeCode,
    };
  }
}

export function isCityworksError(err: unknown): err is CityworksError {
  return err instanceof CityworksError;
}

/** Replaces every occurrence of each secret (and its URL-encoded form) with a marker. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short secrets would blank out ordinary words; no real password or token is that short.
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      out = out.split(form).join('[redacted]');
    }
  }
  return out;
}
