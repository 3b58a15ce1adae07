import { createHash } from 'node:crypto';
import { z } from 'zod';
import { guardedFetch } from '@/lib/net/guarded-fetch';
import { readCappedBody } from '@/lib/net/http-client';
import { arcgisFetchError, ArcgisError } from './errors';

/**
 * Tokens for a secured ArcGIS Server locator: a user name and password exchanged at the server's
 * token service (`generateToken`), which the server's `/rest/info` names. Tokens are kept in memory
 * per process, shared by concurrent callers, and renewed before they expire so that no geocode call
 * is spent on a token about to lapse.
 */

export interface ArcgisLogin {
  username: string;
  password: string;
}

export interface TokenOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Skip the cache: the service just refused the cached token (498). */
  force?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// What we ask for; the server may grant less, and `expires` in its answer is what counts.
const REQUESTED_MINUTES = 60;
// Renewed this long before expiry (a tenth of the lifetime, at least a minute): a call that starts
// on a token must not see it expire in flight.
const MIN_RENEW_MARGIN_MS = 60_000;

const infoBody = z.object({
  authInfo: z.looseObject({ isTokenBasedSecurity: z.boolean().nullish(), tokenServicesUrl: z.string().nullish() }).nullish(),
});
const tokenBody = z.object({ token: z.string().min(1), expires: z.number() });
const esriError = z.object({ error: z.looseObject({ code: z.number(), message: z.string().nullish(), details: z.array(z.string()).nullish() }) });

/** `https://host/arcgis/rest/services/Locators/City/GeocodeServer` -> `https://host/arcgis` (the server root). */
export function serverRoot(geocoderUrl: string): string | null {
  const m = /^(.*?)\/rest\/services(?:\/|$)/i.exec(geocoderUrl.trim());
  return m?.[1] ?? null;
}

function esriSaid(error: { code: number; message?: string | null; details?: string[] | null }): string {
  const parts = [error.message ?? '', ...(error.details ?? [])].map((p) => p.replace(/\.$/, '')).filter(Boolean);
  return `${error.code}: ${parts.join(': ') || 'no detail'}`;
}

/** A token answer is a few hundred bytes; anything near this is not a token service. */
const MAX_TOKEN_RESPONSE_BYTES = 256 * 1024;

async function arcgisRequest(url: string, init: { method: 'GET' | 'POST'; body?: URLSearchParams }, opts: TokenOptions): Promise<unknown> {
  // The token service is a configured URL like the locator: the same guard (address, redirects, size).
  const doFetch = opts.fetch ?? guardedFetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(url, {
      method: init.method,
      headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.body ? { body: init.body.toString() } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = new TextDecoder().decode(await readCappedBody(res, MAX_TOKEN_RESPONSE_BYTES, "The geocoder's token service's answer"));
  } catch (err) {
    throw arcgisFetchError(err, 'generateToken', "the geocoder's token service", timeoutMs) ?? err;
  }
  if (res.status < 200 || res.status >= 300) {
    throw new ArcgisError({ kind: 'http', operation: 'generateToken', httpStatus: res.status, retryable: res.status >= 500 || res.status === 429, reason: `The geocoder's token service answered HTTP ${res.status}.` });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ArcgisError({ kind: 'not-arcgis', operation: 'generateToken', httpStatus: res.status, retryable: false, reason: "The geocoder's token service did not answer with JSON." });
  }
}

/** The server's generateToken URL, as its `/rest/info` names it. */
async function tokenServiceUrl(geocoderUrl: string, opts: TokenOptions): Promise<string> {
  const root = serverRoot(geocoderUrl);
  if (!root) {
    throw new ArcgisError({ kind: 'not-arcgis', operation: 'generateToken', retryable: false, reason: 'The geocoder URL has no /rest/services/ in it, so its token service cannot be found.' });
  }
  const json = await arcgisRequest(`${root}/rest/info?f=json`, { method: 'GET' }, opts);
  const info = infoBody.safeParse(json);
  const url = info.success ? info.data.authInfo?.tokenServicesUrl : null;
  if (!info.success || !url || info.data.authInfo?.isTokenBasedSecurity === false) {
    throw new ArcgisError({
      kind: 'token',
      operation: 'generateToken',
      retryable: false,
      reason: "The geocoder's server does not offer token-based security (its /rest/info names no token service); use an API key, or no credentials.",
    });
  }
  // ArcGIS Server names the service ("…/tokens/"), ArcGIS Online the operation ("…/generateToken").
  return /\/generateToken$/i.test(url) ? url : `${url.replace(/\/+$/, '')}/generateToken`;
}

/** One generateToken exchange; throws ArcgisError with Esri's own words when the server refuses. */
export async function generateToken(geocoderUrl: string, login: ArcgisLogin, opts: TokenOptions = {}): Promise<{ token: string; expiresAt: number }> {
  const url = await tokenServiceUrl(geocoderUrl, opts);
  const body = new URLSearchParams({
    username: login.username,
    password: login.password,
    // Bound to the address of the server calling the locator: the token is never handed to a browser.
    client: 'requestip',
    expiration: String(REQUESTED_MINUTES),
    f: 'json',
  });
  const json = await arcgisRequest(url, { method: 'POST', body }, opts);
  const failed = esriError.safeParse(json);
  if (failed.success) {
    throw new ArcgisError({
      kind: 'token',
      operation: 'generateToken',
      arcgisCode: failed.data.error.code,
      retryable: failed.data.error.code >= 500,
      reason: `The geocoder's token service refused the user name and password (${esriSaid(failed.data.error)}).`,
    });
  }
  const ok = tokenBody.safeParse(json);
  if (!ok.success) {
    throw new ArcgisError({ kind: 'not-arcgis', operation: 'generateToken', retryable: false, reason: "The geocoder's token service answered without a token." });
  }
  return { token: ok.data.token, expiresAt: ok.data.expires };
}

interface Cached {
  token: string;
  expiresAt: number;
  renewAt: number;
}

const cache = new Map<string, Cached>();
const pending = new Map<string, Promise<Cached>>();

// The key holds a hash of the password, not the password: a changed password is a new login.
function keyOf(geocoderUrl: string, login: ArcgisLogin): string {
  return createHash('sha256').update(JSON.stringify([serverRoot(geocoderUrl) ?? geocoderUrl, login.username, login.password])).digest('hex');
}

/**
 * A token for the login, from the cache while it has more than its renewal margin left, otherwise a
 * new one. Concurrent callers share one generateToken call.
 */
export async function tokenFor(geocoderUrl: string, login: ArcgisLogin, opts: TokenOptions = {}): Promise<string> {
  const key = keyOf(geocoderUrl, login);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && !opts.force && now < hit.renewAt) return hit.token;
  let inFlight = pending.get(key);
  if (!inFlight) {
    inFlight = generateToken(geocoderUrl, login, opts).then((t) => {
      const lifetime = Math.max(0, t.expiresAt - Date.now());
      const entry = { ...t, renewAt: t.expiresAt - Math.max(MIN_RENEW_MARGIN_MS, lifetime / 10) };
      cache.set(key, entry);
      return entry;
    });
    pending.set(key, inFlight);
    void inFlight.finally(() => pending.delete(key)).catch(() => undefined);
  }
  try {
    return (await inFlight).token;
  } catch (err) {
    // A renewal that fails while the old token still has time left: the old one serves meanwhile.
    if (hit && !opts.force && Date.now() < hit.expiresAt) return hit.token;
    throw err;
  }
}
