import type { CallEvent, CityworksVersion } from './config';
import { sendsTokenInHeader, servicePath } from './config';
import { envelopeError, envelopeSchema, STATUS_OK } from './envelope';
import { CityworksError } from './errors';
import { findOutboundError } from '@/lib/net/outbound-error';
import { describeTransportFailure, readCappedBody } from '@/lib/net/http-client';
import {
  htmlError,
  httpStatusError,
  looksLikeHtml,
  notCityworksError,
  unparsableBodyKind,
} from './http-response';

export interface TransportContext {
  baseUrl: string;
  version: CityworksVersion;
  timeoutMs: number;
  fetch: typeof fetch;
  onCall?: (e: CallEvent) => void;
  /** Current secrets (password, tokens) to scrub from any server text we repeat. */
  secrets: () => string[];
  /** The integration's call budget: a permit per exchange (CityworksClientConfig.callSlot). */
  callSlot?: () => Promise<() => void>;
}

/** The largest JSON answer read from Cityworks; a bigger one is refused mid-stream. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** The largest attachment downloaded from Cityworks. */
export const MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024;
/** causeCode of a CityworksError for an answer over the size cap. */
export const TOO_LARGE_CODE = 'RESPONSE_TOO_LARGE';
/** causeCode of a CityworksError for an endpoint the outbound guard refused (lib/net/guarded-fetch.ts). */
export const REFUSED_ADDRESS_CODE = 'OUTBOUND_REFUSED';

export interface FileUpload {
  bytes: Uint8Array;
  filename: string;
  contentType?: string;
}

export interface CallSpec {
  /** Short name for timelines and errors, e.g. "ServiceRequest/Create". */
  operation: string;
  /** Path below /Services/ as 2014+ spells it, e.g. "Ams/ServiceRequest/Create". */
  service: string;
  data: unknown;
  token?: string;
  attempt?: number;
  isAuthentication?: boolean;
  file?: FileUpload;
}

interface RawResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

function buildRequest(ctx: TransportContext, spec: CallSpec): { url: string; init: RequestInit } {
  const url = `${ctx.baseUrl}/Services/${servicePath(ctx.version, spec.service)}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  const useHeader = sendsTokenInHeader(ctx.version);
  if (spec.token && useHeader) headers.Authorization = `cityworks ${spec.token}`;
  const data = JSON.stringify(spec.data ?? {});

  if (spec.file) {
    // Attachments are the one multipart call; the file part carries its own name.
    const form = new FormData();
    form.append('data', data);
    if (spec.token && !useHeader) form.append('token', spec.token);
    const blob = new Blob([spec.file.bytes as Uint8Array<ArrayBuffer>], {
      type: spec.file.contentType ?? 'application/octet-stream',
    });
    form.append('file', blob, spec.file.filename);
    return { url, init: { method: 'POST', headers, body: form } };
  }
  const form = new URLSearchParams({ data });
  if (spec.token && !useHeader) form.set('token', spec.token);
  headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  return { url, init: { method: 'POST', headers, body: form.toString() } };
}

/**
 * One HTTP exchange, inside one of the integration's call slots (held until the answer is read);
 * every outcome, good or bad, is reported to onCall exactly once.
 */
async function exchange(ctx: TransportContext, spec: CallSpec, maxBytes: number): Promise<RawResponse> {
  const release = ctx.callSlot ? await ctx.callSlot() : null;
  try {
    return await exchangeInSlot(ctx, spec, maxBytes);
  } finally {
    release?.();
  }
}

async function exchangeInSlot(ctx: TransportContext, spec: CallSpec, maxBytes: number): Promise<RawResponse> {
  const { url, init } = buildRequest(ctx, spec);
  const started = performance.now();
  try {
    // Redirects are not followed: a redirect from the API is a login page or a wrong URL, never data.
    const res = await ctx.fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(ctx.timeoutMs) });
    const body = await readCappedBody(res, maxBytes, `The answer to ${spec.operation}`);
    return { status: res.status, headers: res.headers, body };
  } catch (err) {
    const outbound = findOutboundError(err);
    if (outbound) {
      const refused = outbound.kind !== 'too-large';
      const error = new CityworksError({
        kind: refused ? 'network' : 'http',
        operation: spec.operation,
        retryable: false,
        causeCode: refused ? REFUSED_ADDRESS_CODE : TOO_LARGE_CODE,
        reason: outbound.reason,
      });
      report(ctx, spec, started, { outcome: 'error', errorKind: error.kind });
      throw error;
    }
    const failure = describeTransportFailure(err);
    if (!failure) throw err; // a programming error, not a transport one
    // Only our own timeout signal can abort this fetch, so an abort is a timeout.
    const kind = failure.kind === 'tls' ? 'tls' : failure.kind === 'network' ? 'network' : 'timeout';
    const error = new CityworksError({
      kind,
      operation: spec.operation,
      retryable: kind !== 'tls',
      ...(failure.code ? { causeCode: failure.code } : {}),
      reason:
        kind === 'timeout'
          ? `Cityworks did not answer within ${ctx.timeoutMs} ms.`
          : `Could not reach Cityworks: ${failure.reason}.`,
    });
    report(ctx, spec, started, { outcome: 'error', errorKind: error.kind });
    throw error;
  }
}

function report(
  ctx: TransportContext,
  spec: CallSpec,
  started: number,
  e: { outcome: 'ok' | 'error'; httpStatus?: number; errorKind?: string },
): void {
  const event: CallEvent = {
    operation: spec.operation,
    outcome: e.outcome,
    latencyMs: Math.round(performance.now() - started),
    attempt: spec.attempt ?? 1,
  };
  if (e.httpStatus !== undefined) event.httpStatus = e.httpStatus;
  if (e.errorKind !== undefined) event.errorKind = e.errorKind;
  try {
    ctx.onCall?.(event);
  } catch {
    // A failing observer must not turn a successful Cityworks call into a failed one.
  }
}

/** Checks status and body shape; returns the envelope Value or throws a typed error. */
function interpretJson(ctx: TransportContext, spec: CallSpec, raw: RawResponse): unknown {
  const secrets = ctx.secrets();
  const text = new TextDecoder().decode(raw.body);
  const contentType = raw.headers.get('content-type');
  if (raw.status >= 300 && raw.status < 400) {
    const location = raw.headers.get('location') ?? '';
    throw notCityworksError(
      spec.operation,
      /login|logon|signin|auth/i.test(location) || /Object moved/i.test(text) ? 'login-redirect' : 'html',
      raw.status,
      secrets,
      location ? `redirected to ${new URL(location, ctx.baseUrl).pathname}` : undefined,
    );
  }
  if (raw.status < 200 || raw.status >= 300) {
    throw httpStatusError(spec.operation, raw.status, raw.headers.get('retry-after'), text, contentType, secrets);
  }
  if (looksLikeHtml(text, contentType)) throw htmlError(spec.operation, text, raw.status, secrets);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw notCityworksError(spec.operation, unparsableBodyKind(text), raw.status, secrets);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw notCityworksError(spec.operation, 'unexpected-json', raw.status, secrets, 'no Status field');
  }
  if (envelope.data.Status !== STATUS_OK) {
    throw envelopeError(envelope.data, spec.operation, spec.isAuthentication ?? false, secrets);
  }
  return envelope.data.Value;
}

/**
 * POSTs a Cityworks call and returns the envelope's Value passed through `parse`, which validates
 * it; a parse failure counts as a failed call on the timeline like any other.
 */
export async function callJson<T>(ctx: TransportContext, spec: CallSpec, parse: (value: unknown) => T): Promise<T> {
  const started = performance.now();
  const raw = await exchange(ctx, spec, MAX_RESPONSE_BYTES);
  try {
    const value = parse(interpretJson(ctx, spec, raw));
    report(ctx, spec, started, { outcome: 'ok', httpStatus: raw.status });
    return value;
  } catch (err) {
    const kind = err instanceof CityworksError ? err.kind : 'unknown';
    report(ctx, spec, started, { outcome: 'error', httpStatus: raw.status, errorKind: kind });
    throw err;
  }
}

export interface DownloadedFile {
  bytes: Uint8Array;
  contentType: string;
  filename?: string;
}

/**
 * The file name of a Content-Disposition: `filename*` (RFC 5987, charset'lang'percent-encoded)
 * first, then `filename`. The header comes from a server we do not control: a malformed
 * `filename*` (bad percent-encoding, unknown charset) falls back to `filename`, never throws.
 */
export function filenameFrom(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*"?([\w!#$&+.^`|~-]*)'[^']*'([^;"]+)"?/i.exec(disposition);
  if (star?.[2]) {
    const charset = star[1]!.toLowerCase();
    try {
      if (charset === 'utf-8' || charset === '') return decodeURIComponent(star[2].trim());
      if (charset === 'iso-8859-1') return unescape(star[2].trim());
    } catch {
      // fall through to the plain filename parameter
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("?)([^";]+)\1/i.exec(disposition);
  return plain?.[2]?.trim() || undefined;
}

/**
 * Download calls answer raw bytes on success and a JSON envelope (or HTML) on failure, so the
 * content type decides how the body is read.
 */
export async function callBytes(ctx: TransportContext, spec: CallSpec): Promise<DownloadedFile> {
  const started = performance.now();
  const raw = await exchange(ctx, spec, MAX_DOWNLOAD_BYTES);
  const contentType = raw.headers.get('content-type') ?? 'application/octet-stream';
  // A declared attachment is the file whatever its type (a stored .json or .html stays a file);
  // otherwise a JSON or HTML body is Cityworks reporting a failure.
  const isFile = /attachment/i.test(raw.headers.get('content-disposition') ?? '');
  const isEnvelopeOrPage = raw.status < 200 || raw.status >= 300 || (!isFile && /json|html/i.test(contentType));
  try {
    if (isEnvelopeOrPage) {
      interpretJson(ctx, spec, raw);
      // A 200 JSON envelope with Status 0 where a file was expected is not a file.
      throw notCityworksError(spec.operation, 'unexpected-json', raw.status, ctx.secrets(), 'expected file bytes');
    }
    report(ctx, spec, started, { outcome: 'ok', httpStatus: raw.status });
    const filename = filenameFrom(raw.headers.get('content-disposition'));
    return { bytes: raw.body, contentType, ...(filename ? { filename } : {}) };
  } catch (err) {
    const kind = err instanceof CityworksError ? err.kind : 'unknown';
    report(ctx, spec, started, { outcome: 'error', httpStatus: raw.status, errorKind: kind });
    throw err;
  }
}
