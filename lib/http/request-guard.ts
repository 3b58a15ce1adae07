import { env } from '@/lib/env';
import { crossSiteRefused, unsupportedMediaType } from './errors';

/**
 * Cross-site request forgery defence for the state-changing routes. A page on another site can
 * make a browser send a simple POST (text/plain, form-encoded) with the staff member's cookies; it
 * cannot make it send `application/json` without a CORS preflight this app never answers, nor
 * forge `Origin` or `Sec-Fetch-Site`. So such a route takes only JSON or multipart bodies and only
 * requests that say they come from this origin.
 */
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const JSON_OR_MULTIPART = ['application/json', 'multipart/form-data'] as const;

/** The media type of the Content-Type header, lower-case, without parameters; null when absent. */
function mediaType(req: Request): string | null {
  const raw = req.headers.get('content-type');
  if (raw === null || raw.trim() === '') return null;
  return raw.split(';')[0]!.trim().toLowerCase();
}

/** True when the request carries a body (a declared non-zero length, or a chunked one). */
function hasBody(req: Request): boolean {
  const length = req.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  return req.headers.has('transfer-encoding');
}

/** 415 unless the body is one of `accepted`; a request without a body and without a type passes (DELETE, a bare POST). */
export function assertContentType(req: Request, accepted: readonly string[]): void {
  const type = mediaType(req);
  if (type === null ? !hasBody(req) : accepted.includes(type)) return;
  throw unsupportedMediaType(accepted);
}

/** The origins this app is served from: the request's own, and NEXTAUTH_URL's behind a proxy. */
function ownOrigins(req: Request): Set<string> {
  const origins = new Set([new URL(req.url).origin]);
  if (env.NEXTAUTH_URL) origins.add(new URL(env.NEXTAUTH_URL).origin);
  return origins;
}

/**
 * 403 unless the browser says the request comes from this origin: `Sec-Fetch-Site: same-origin`
 * (or `none`, a request the user made directly), else an `Origin` equal to this app's. A request
 * with neither is refused too: every browser this app supports sends one of them on a POST.
 */
export function assertSameOrigin(req: Request): void {
  const site = req.headers.get('sec-fetch-site');
  if (site !== null) {
    if (site === 'same-origin' || site === 'none') return;
    throw crossSiteRefused();
  }
  const origin = req.headers.get('origin');
  if (origin !== null && ownOrigins(req).has(origin)) return;
  throw crossSiteRefused();
}
