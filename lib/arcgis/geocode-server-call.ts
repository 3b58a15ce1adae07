import { z } from 'zod';
import { guardedFetch } from '@/lib/net/guarded-fetch';
import { parseRetryAfter, readCappedBody } from '@/lib/net/http-client';
import { arcgisFetchError, ArcgisError } from './errors';

/**
 * One call to a GeocodeServer operation: the transport, HTTP and "is this ArcGIS at all" checks
 * every operation shares, so reverseGeocode and findAddressCandidates fail with the same typed
 * ArcgisError and the same readable reasons.
 */

export interface ArcgisConfig {
  /** The GeocodeServer URL, e.g. https://host/arcgis/rest/services/Locators/City/GeocodeServer */
  url: string;
  token?: string;
  /** A fresh token when the service refuses `token` as invalid or expired (498); asked once per call. */
  renewToken?: () => Promise<string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type GeocodeOperation = 'reverseGeocode' | 'findAddressCandidates';

/** The `error` of an Esri error body: ArcGIS answers most failures as HTTP 200 with one. */
export interface ArcgisErrorBody {
  code: number;
  message: string;
  details: string[];
}

export type GeocodeServerAnswer = { ok: true; json: unknown; httpStatus: number } | { ok: false; error: ArcgisErrorBody };

const errorBody = z.object({
  error: z.looseObject({
    code: z.number(),
    message: z.string().nullish(),
    details: z.array(z.string()).nullish(),
  }),
});

const DEFAULT_TIMEOUT_MS = 10_000;
/** A geocode answer is a few KB; anything near this is not one. */
export const MAX_GEOCODE_RESPONSE_BYTES = 2 * 1024 * 1024;

/** Accepts the service URL, or one that already names an operation (as people paste from the REST directory). */
export function operationUrl(base: string, operation: GeocodeOperation): string {
  const service = base
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/(reverseGeocode|findAddressCandidates)$/i, '');
  return `${service}/${operation}`;
}

/**
 * POSTs `params` (plus `token` and `f=json`) to the operation. Returns the parsed JSON, or the Esri
 * error body for the caller to read (one operation's "no match" is another's failure); throws
 * ArcgisError when the answer never got that far.
 */
export async function callGeocodeServer(config: ArcgisConfig, operation: GeocodeOperation, params: URLSearchParams): Promise<GeocodeServerAnswer> {
  const answer = await callOnce(config, operation, params);
  // A token the server no longer takes (expired early, server key changed): one new token, one retry.
  if (!answer.ok && answer.error.code === 498 && config.renewToken) return callOnce({ ...config, token: await config.renewToken() }, operation, params);
  return answer;
}

async function callOnce(config: ArcgisConfig, operation: GeocodeOperation, params: URLSearchParams): Promise<GeocodeServerAnswer> {
  const body = new URLSearchParams(params);
  body.set('f', 'json');
  if (config.token) body.set('token', config.token);
  const doFetch = config.fetch ?? guardedFetch;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  let res: Response;
  let text: string;
  try {
    // POST keeps the token out of server access logs.
    res = await doFetch(operationUrl(config.url, operation), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: body.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = new TextDecoder().decode(await readCappedBody(res, MAX_GEOCODE_RESPONSE_BYTES, 'The geocoder\'s answer'));
  } catch (err) {
    throw arcgisFetchError(err, operation, 'the geocoder', timeoutMs) ?? err;
  }

  if (res.status >= 300 && res.status < 400) {
    throw new ArcgisError({
      kind: 'http',
      operation,
      httpStatus: res.status,
      retryable: false,
      reason: `The geocoder answered with a redirect (HTTP ${res.status}); redirects are not followed. Enter the final GeocodeServer URL.`,
    });
  }
  if (res.status < 200 || res.status >= 300) {
    const retryable = res.status === 429 || res.status === 408 || res.status >= 500;
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    throw new ArcgisError({
      kind: 'http',
      operation,
      httpStatus: res.status,
      retryable,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      reason:
        res.status === 404
          ? 'No geocode service at this URL (HTTP 404); check the GeocodeServer URL.'
          : `The geocoder answered HTTP ${res.status}.`,
    });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const html = /^\s*</.test(text);
    throw notArcgis(
      operation,
      res.status,
      html
        ? 'The geocoder URL answered with a web page (a login page or a wrong URL), not the ArcGIS REST API.'
        : 'The geocoder did not answer with JSON.',
    );
  }

  const err = errorBody.safeParse(json);
  if (err.success) {
    return { ok: false, error: { code: err.data.error.code, message: err.data.error.message ?? '', details: err.data.error.details ?? [] } };
  }
  return { ok: true, json, httpStatus: res.status };
}

/** An Esri error body the operation does not expect: token problems, then anything else the service refused. */
export function errorFromBody(operation: GeocodeOperation, error: ArcgisErrorBody): ArcgisError {
  const { code, message, details } = error;
  // Esri's message is often the generic "Unable to complete operation."; the details say why.
  const said = [...new Set([message, ...details].map((d) => d.replace(/\.$/, '')).filter(Boolean))].join(': ');
  if (code === 498 || code === 499) {
    return new ArcgisError({
      kind: 'token',
      operation,
      arcgisCode: code,
      retryable: false,
      reason:
        code === 499
          ? `The geocoder requires a token (${code}: ${said || 'Token Required'}); set its user name and password or API key on the integration page.`
          : `The geocoder rejected the token as invalid or expired (${code}: ${said || 'Invalid token'}); check the geocoder credentials on the integration page.`,
    });
  }
  return new ArcgisError({
    kind: 'service',
    operation,
    arcgisCode: code,
    retryable: code >= 500,
    reason: `The geocoder refused the request (${code}: ${said || 'no detail'}).`,
  });
}

/** JSON, but not the shape this operation answers: the URL is likely another kind of ArcGIS service. */
export function notArcgis(operation: GeocodeOperation, httpStatus: number, reason: string): ArcgisError {
  return new ArcgisError({ kind: 'not-arcgis', operation, httpStatus, retryable: false, reason });
}
