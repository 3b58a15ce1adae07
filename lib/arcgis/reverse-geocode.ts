import { z } from 'zod';
import { describeTransportFailure } from '@/lib/cityworks/fetch-failure';
import { parseRetryAfter } from '@/lib/cityworks/http-response';
import { ArcgisError } from './errors';

export interface ArcgisConfig {
  /** The GeocodeServer URL, e.g. https://host/arcgis/rest/services/Locators/City/GeocodeServer */
  url: string;
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ReverseGeocodeQuery {
  lon: number;
  lat: number;
  /** Search radius; Esri's clients default to 100 m. */
  distanceMeters?: number;
}

export interface ReverseGeocodeResult {
  /** The single-line address to store (Match_addr, else LongLabel, else Address). */
  address: string;
  matchAddr: string;
  longLabel: string;
  shortLabel: string;
  addrType: string;
  addNum: string;
  street: string;
  city: string;
  region: string;
  postal: string;
  countryCode: string;
  /** Where the locator placed the address, in WGS84. */
  location: { lon: number; lat: number } | null;
  raw: Record<string, unknown>;
}

const str = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));

const successBody = z.object({
  address: z.looseObject({
    Match_addr: str,
    LongLabel: str,
    ShortLabel: str,
    Addr_type: str,
    AddNum: str,
    Address: str,
    Street: str,
    City: str,
    Region: str,
    State: str,
    Postal: str,
    ZIP: str,
    CountryCode: str,
  }),
  location: z.looseObject({ x: z.number(), y: z.number() }).nullish(),
});

const errorBody = z.object({
  error: z.looseObject({
    code: z.number(),
    message: z.string().nullish(),
    details: z.array(z.string()).nullish(),
  }),
});

const DEFAULT_TIMEOUT_MS = 10_000;

function reverseGeocodeUrl(base: string): string {
  const trimmed = base.trim().replace(/\/+$/, '');
  return /\/reverseGeocode$/i.test(trimmed) ? trimmed : `${trimmed}/reverseGeocode`;
}

function isNoMatch(code: number, message: string, details: string[]): boolean {
  return code === 400 && [message, ...details].some((t) => /unable to find address|no address/i.test(t));
}

/**
 * Asks an ArcGIS GeocodeServer for the nearest address to a WGS84 point. Returns null when the
 * locator has no address within the distance; throws ArcgisError for anything else.
 */
export async function reverseGeocode(config: ArcgisConfig, query: ReverseGeocodeQuery): Promise<ReverseGeocodeResult | null> {
  const params = new URLSearchParams({
    location: JSON.stringify({ x: query.lon, y: query.lat, spatialReference: { wkid: 4326 } }),
    distance: String(query.distanceMeters ?? 100),
    outSR: '4326',
    f: 'json',
  });
  if (config.token) params.set('token', config.token);
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  let res: Response;
  let text: string;
  try {
    // POST keeps the token out of server access logs.
    res = await doFetch(reverseGeocodeUrl(config.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: params.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    const failure = describeTransportFailure(err);
    if (!failure) throw err;
    const kind = failure.kind === 'aborted' ? 'timeout' : failure.kind;
    throw new ArcgisError({
      kind,
      retryable: kind !== 'tls',
      reason: kind === 'timeout' ? `The geocoder did not answer within ${timeoutMs} ms.` : `Could not reach the geocoder: ${failure.reason}.`,
      ...(failure.code ? { causeCode: failure.code } : {}),
    });
  }

  if (res.status < 200 || res.status >= 300) {
    const retryable = res.status === 429 || res.status === 408 || res.status >= 500;
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    throw new ArcgisError({
      kind: 'http',
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
    throw new ArcgisError({
      kind: 'not-arcgis',
      httpStatus: res.status,
      retryable: false,
      reason: html
        ? 'The geocoder URL answered with a web page (a login page or a wrong URL), not the ArcGIS REST API.'
        : 'The geocoder did not answer with JSON.',
    });
  }

  const err = errorBody.safeParse(json);
  if (err.success) {
    const { code } = err.data.error;
    const message = err.data.error.message ?? '';
    const details = err.data.error.details ?? [];
    if (isNoMatch(code, message, details)) return null;
    if (code === 498 || code === 499) {
      throw new ArcgisError({
        kind: 'token',
        arcgisCode: code,
        retryable: false,
        reason:
          code === 499
            ? 'The geocoder requires a token; enter an ArcGIS token in the integration settings.'
            : 'The geocoder rejected the token as invalid or expired; enter a new ArcGIS token.',
      });
    }
    throw new ArcgisError({
      kind: 'service',
      arcgisCode: code,
      retryable: code >= 500,
      reason: `The geocoder refused the request (${code}: ${message || details.join('; ') || 'no detail'}).`,
    });
  }

  const ok = successBody.safeParse(json);
  if (!ok.success) {
    throw new ArcgisError({
      kind: 'not-arcgis',
      httpStatus: res.status,
      retryable: false,
      reason: 'The geocoder answered JSON without an address; check that the URL is a GeocodeServer.',
    });
  }
  const a = ok.data.address;
  const street = a.Address || a.Street;
  return {
    address: a.Match_addr || a.LongLabel || street,
    matchAddr: a.Match_addr,
    longLabel: a.LongLabel,
    shortLabel: a.ShortLabel,
    addrType: a.Addr_type,
    addNum: a.AddNum,
    street,
    city: a.City,
    region: a.Region || a.State,
    postal: a.Postal || a.ZIP,
    countryCode: a.CountryCode,
    location: ok.data.location ? { lon: ok.data.location.x, lat: ok.data.location.y } : null,
    raw: { ...a },
  };
}
