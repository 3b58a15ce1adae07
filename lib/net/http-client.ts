import { OutboundError } from './outbound-error';

/**
 * The generic HTTP-client helpers the Cityworks and ArcGIS clients (and the retry classifier)
 * share, so they never disagree: what a failed fetch was (transport failure), how long a server
 * asked us to wait (Retry-After), and reading an answer with a size cap.
 */

/**
 * Transport failure: turns what `fetch` throws (undici TypeError with a `cause`, DOMException
 * Abort/Timeout, Node system errors) into one of a few transport kinds.
 */
export type TransportFailureKind = 'network' | 'timeout' | 'tls' | 'aborted';

export interface TransportFailure {
  kind: TransportFailureKind;
  code?: string;
  reason: string;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the server refused the connection (nothing listens on that host and port, or a firewall rejects us)',
  ECONNRESET: 'the connection was reset before the answer arrived',
  ENOTFOUND: 'the host name does not resolve (check the Cityworks URL or DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'the host is unreachable (routing or firewall)',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection closed while sending',
  UND_ERR_SOCKET: 'the connection closed before the answer was complete',
  UND_ERR_CLOSED: 'the connection closed before the answer was complete',
};

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function errorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** Walks the `cause` chain (undici nests the system error one or two levels down). */
function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Returns the transport kind of a fetch failure, or null when `err` is not one. */
export function describeTransportFailure(err: unknown): TransportFailure | null {
  const chain = causes(err);
  for (const e of chain) {
    const name = errorName(e);
    if (name === 'TimeoutError') return { kind: 'timeout', reason: 'no answer within the time limit' };
    if (name === 'AbortError') return { kind: 'aborted', reason: 'the call was cancelled' };
  }
  for (const e of chain) {
    const code = errorCode(e);
    if (!code) continue;
    if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
      return { kind: 'tls', code, reason: `the TLS certificate or handshake was rejected (${code}); check the server certificate` };
    }
    if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', code, reason: `no answer within the time limit (${code})` };
    const reason = NETWORK_REASONS[code];
    if (reason) return { kind: 'network', code, reason: `${reason} (${code})` };
    if (code.startsWith('E') || code.startsWith('UND_ERR')) {
      return { kind: 'network', code, reason: `network failure (${code})` };
    }
  }
  // undici's bare "fetch failed" / "terminated" without a recognised code is still a transport failure.
  const top = chain[0];
  if (top instanceof TypeError && (top.message === 'fetch failed' || top.message === 'terminated')) {
    return { kind: 'network', reason: 'the connection failed before an answer arrived' };
  }
  return null;
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Reads a response body, giving up as soon as it passes `maxBytes`: a hostile or broken server
 * cannot make us buffer an endless answer. A declared Content-Length over the cap is refused
 * before anything is read.
 */
export async function readCappedBody(res: Response, maxBytes: number, what: string): Promise<Uint8Array> {
  const tooLarge = () => new OutboundError('too-large', `${what} is larger than ${formatBytes(maxBytes)}; it was not read.`);
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array(0);
  return readStreamCapped(res.body, maxBytes, tooLarge);
}

/** Reads a byte stream to its end, cancelling it and throwing `tooLarge()` once it passes `maxBytes`. */
export async function readStreamCapped(stream: ReadableStream<Uint8Array>, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}
