import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchAddresses, type AddressMatch } from './address-match';
import { CITY, SPRINGFIELD_ADDRESSES, type SeededAddress } from './addresses';
import { BASEMAP_SERVICE_PATH, basemapServiceInfo, renderTile } from './basemap-tiles';
import { fromWebMercator, haversineMeters, toWebMercator, WEB_MERCATOR_WKIDS } from './geometry';

/**
 * A local ArcGIS Server GeocodeServer with `reverseGeocode` and `findAddressCandidates`, answering
 * as Esri does: errors are HTTP 200 with an `error` body (400 bad input or no address near a point,
 * 498 invalid token, 499 token required); a search that matches nothing is `candidates: []`.
 */

export interface ArcgisEmulatorOptions {
  port?: number;
  host?: string;
  requireToken?: boolean;
  /** Tokens accepted when `requireToken` is set. */
  tokens?: string[];
  /**
   * Accounts for `generateToken` (user name -> password), as an ArcGIS Server with token-based
   * security: the tokens it issues are accepted until they expire.
   */
  users?: Record<string, string>;
  /** Lifetime of an issued token; default the `expiration` asked for (minutes, at most 60). */
  tokenLifetimeMs?: number;
}

export interface RecordedArcgisCall {
  method: string;
  path: string;
  params: Record<string, string>;
  status: number;
  /** The `error.code` of the answer, if it was an error body. */
  errorCode?: number;
}

export interface ArcgisEmulator {
  url: string;
  /** The tiled basemap (MapServer); Leaflet's template is `${basemapUrl}/tile/{z}/{y}/{x}`. */
  basemapUrl: string;
  /** A token the emulator accepts (when it requires one). */
  token: string;
  calls: RecordedArcgisCall[];
  /** Forgets every token `generateToken` issued, as a server restart with a new key would. */
  revokeIssuedTokens(): void;
  close(): Promise<void>;
}

export const SERVICE_PATH = '/arcgis/rest/services/Locators/Springfield/GeocodeServer';
const DEFAULT_TOKEN = 'springfield-geocode-token';
export const INFO_PATH = '/arcgis/rest/info';
export const TOKENS_PATH = '/arcgis/tokens/';
const MAX_TOKEN_MINUTES = 60;
const DEFAULT_DISTANCE_M = 100;
const DEFAULT_MAX_LOCATIONS = 5;
const MAX_LOCATIONS_LIMIT = 50;
// Half the side of a candidate's extent: a house for a point match, a few blocks for a street match.
const POINT_EXTENT_M = 100;
const STREET_EXTENT_M = 400;

type Json = Record<string, unknown>;

interface Point {
  lon: number;
  lat: number;
}

class BadRequest extends Error {
  constructor(readonly details: string[]) {
    super(details.join('; '));
  }
}

function errorBody(code: number, message: string, details: string[], extra: Json = {}): Json {
  return { error: { code, message, ...extra, details } };
}

/** `location` as "x,y" or a JSON point; without a spatial reference it is WGS84 (the service SR). */
function parseLocation(raw: string | undefined): Point {
  if (!raw) throw new BadRequest(["'location' parameter is required."]);
  const text = raw.trim();
  let x: number;
  let y: number;
  let wkid = 4326;
  if (text.startsWith('{')) {
    let point: { x?: unknown; y?: unknown; spatialReference?: { wkid?: unknown; latestWkid?: unknown } };
    try {
      point = JSON.parse(text) as typeof point;
    } catch {
      throw new BadRequest(['Location is invalid.']);
    }
    x = Number(point.x);
    y = Number(point.y);
    const sr = point.spatialReference;
    if (sr) wkid = Number(sr.latestWkid ?? sr.wkid);
  } else {
    const parts = text.split(',').map((p) => Number(p.trim()));
    if (parts.length !== 2) throw new BadRequest(['Location is invalid.']);
    [x, y] = parts as [number, number];
  }
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new BadRequest(['Location is invalid.']);
  if (WEB_MERCATOR_WKIDS.has(wkid)) return fromWebMercator(x, y);
  if (wkid !== 4326) throw new BadRequest([`Spatial reference ${wkid} is not supported.`]);
  if (Math.abs(x) > 180 || Math.abs(y) > 90) throw new BadRequest(['Location is invalid.']);
  return { lon: x, lat: y };
}

function parseOutSr(raw: string | undefined): number {
  if (!raw) return 4326;
  const text = raw.trim();
  let wkid: number;
  try {
    wkid = text.startsWith('{') ? Number((JSON.parse(text) as { wkid?: unknown }).wkid) : Number(text);
  } catch {
    throw new BadRequest([`Invalid outSR ${text}.`]);
  }
  if (wkid === 4326 || WEB_MERCATOR_WKIDS.has(wkid)) return wkid;
  throw new BadRequest([`Invalid outSR ${text}.`]);
}

function nearest(point: Point, distanceM: number): SeededAddress | null {
  let best: SeededAddress | null = null;
  let bestD = Infinity;
  for (const a of SPRINGFIELD_ADDRESSES) {
    const d = haversineMeters(point, a);
    if (d <= distanceM && d < bestD) {
      best = a;
      bestD = d;
    }
  }
  return best;
}

function answer(a: SeededAddress, outSr: number): Json {
  const address = `${a.addNum} ${a.street}`;
  const location = WEB_MERCATOR_WKIDS.has(outSr)
    ? { ...toWebMercator(a.lon, a.lat), spatialReference: { wkid: 102100, latestWkid: 3857 } }
    : { x: a.lon, y: a.lat, spatialReference: { wkid: 4326, latestWkid: 4326 } };
  return {
    address: {
      Match_addr: `${address}, ${CITY.city}, ${CITY.regionAbbr}, ${CITY.postal}`,
      LongLabel: `${address}, ${CITY.city}, ${CITY.regionAbbr}, ${CITY.postal}, ${CITY.countryCode}`,
      ShortLabel: address,
      Addr_type: 'PointAddress',
      Type: '',
      PlaceName: '',
      AddNum: a.addNum,
      Address: address,
      Block: '',
      Sector: '',
      Neighborhood: 'Downtown',
      District: '',
      City: CITY.city,
      MetroArea: '',
      Subregion: 'Sangamon County',
      Region: CITY.region,
      RegionAbbr: CITY.regionAbbr,
      Territory: '',
      Postal: CITY.postal,
      PostalExt: '',
      CntryName: 'United States',
      CountryCode: CITY.countryCode,
    },
    location,
  };
}

function outSpatialReference(outSr: number): Json {
  return WEB_MERCATOR_WKIDS.has(outSr) ? { wkid: 102100, latestWkid: 3857 } : { wkid: 4326, latestWkid: 4326 };
}

function outPoint(lon: number, lat: number, outSr: number): { x: number; y: number } {
  return WEB_MERCATOR_WKIDS.has(outSr) ? toWebMercator(lon, lat) : { x: lon, y: lat };
}

function extentAround(a: SeededAddress, halfMeters: number, outSr: number): Json {
  const dLat = halfMeters / 111_320;
  const dLon = halfMeters / (111_320 * Math.cos((a.lat * Math.PI) / 180));
  const min = outPoint(a.lon - dLon, a.lat - dLat, outSr);
  const max = outPoint(a.lon + dLon, a.lat + dLat, outSr);
  return { xmin: min.x, ymin: min.y, xmax: max.x, ymax: max.y };
}

/** Esri leaves `attributes` empty unless outFields asks for fields; no client of ours does. */
function candidateAnswer(m: AddressMatch, outSr: number): Json {
  const a = m.address;
  return {
    address: `${a.addNum} ${a.street}, ${CITY.city}, ${CITY.regionAbbr}, ${CITY.postal}`,
    location: outPoint(a.lon, a.lat, outSr),
    score: m.score,
    attributes: {},
    extent: extentAround(a, m.addrType === 'PointAddress' ? POINT_EXTENT_M : STREET_EXTENT_M, outSr),
  };
}

function parseMaxLocations(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_LOCATIONS;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new BadRequest([`Invalid maxLocations ${raw}.`]);
  return Math.min(Math.max(n, 1), MAX_LOCATIONS_LIMIT);
}

/** ArcGIS Server reads its REST parameters case-insensitively (SingleLine, singleLine, ...). */
function param(params: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(params)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

interface Envelope {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** `searchExtent` as "xmin,ymin,xmax,ymax" (WGS84) or a JSON envelope with an optional spatial reference. */
function parseSearchExtent(raw: string | undefined): Envelope | null {
  if (raw === undefined || raw.trim() === '') return null;
  const text = raw.trim();
  let e: { xmin?: unknown; ymin?: unknown; xmax?: unknown; ymax?: unknown; spatialReference?: { wkid?: unknown; latestWkid?: unknown } };
  try {
    if (text.startsWith('{')) e = JSON.parse(text) as typeof e;
    else {
      const [xmin, ymin, xmax, ymax] = text.split(',').map((v) => Number(v.trim()));
      e = { xmin, ymin, xmax, ymax };
    }
  } catch {
    throw new BadRequest([`Invalid searchExtent ${text}.`]);
  }
  const [xmin, ymin, xmax, ymax] = [e.xmin, e.ymin, e.xmax, e.ymax].map(Number) as [number, number, number, number];
  if (![xmin, ymin, xmax, ymax].every(Number.isFinite) || xmin > xmax || ymin > ymax) throw new BadRequest([`Invalid searchExtent ${text}.`]);
  const wkid = e.spatialReference ? Number(e.spatialReference.latestWkid ?? e.spatialReference.wkid) : 4326;
  if (WEB_MERCATOR_WKIDS.has(wkid)) {
    const sw = fromWebMercator(xmin, ymin);
    const ne = fromWebMercator(xmax, ymax);
    return { west: sw.lon, south: sw.lat, east: ne.lon, north: ne.lat };
  }
  if (wkid !== 4326) throw new BadRequest([`Spatial reference ${wkid} is not supported.`]);
  return { west: xmin, south: ymin, east: xmax, north: ymax };
}

function findAddressCandidates(params: Record<string, string>): Json {
  // `address` is the single address field of older locators; SingleLine is the current name.
  const text = (param(params, 'SingleLine') ?? param(params, 'address') ?? '').trim();
  if (!text) throw new BadRequest(["'SingleLine' parameter is required."]);
  const outSr = parseOutSr(param(params, 'outSR'));
  const max = parseMaxLocations(param(params, 'maxLocations'));
  const extent = parseSearchExtent(param(params, 'searchExtent'));
  const inside = (m: AddressMatch) =>
    !extent || (m.address.lon >= extent.west && m.address.lon <= extent.east && m.address.lat >= extent.south && m.address.lat <= extent.north);
  return {
    spatialReference: outSpatialReference(outSr),
    candidates: matchAddresses(text)
      .filter(inside)
      .slice(0, max)
      .map((m) => candidateAnswer(m, outSr)),
  };
}

async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  if (req.method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  }
  return params;
}

// Rendering a tile takes a few milliseconds; a map view asks for the same dozen again and again.
const tiles = new Map<string, Buffer>();
function tileCache(z: number, row: number, col: number): Buffer {
  const key = `${z}/${row}/${col}`;
  let png = tiles.get(key);
  if (!png) {
    png = renderTile(z, row, col);
    if (tiles.size > 2000) tiles.clear();
    tiles.set(key, png);
  }
  return png;
}

export async function startArcgisEmulator(options: ArcgisEmulatorOptions = {}): Promise<ArcgisEmulator> {
  const calls: RecordedArcgisCall[] = [];
  const tokens = new Set(options.tokens ?? [DEFAULT_TOKEN]);
  const issued = new Map<string, number>();
  let issuedCount = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const params = await readParams(req, url);
    // ArcGIS Server matches its REST paths case-insensitively.
    const path = url.pathname.replace(/\/+$/, '');
    const lower = path.toLowerCase();
    const record = (status: number, body: Json | string, contentType = 'application/json; charset=utf-8'): void => {
      const errorCode = typeof body === 'object' && body.error ? (body.error as { code: number }).code : undefined;
      calls.push({ method: req.method ?? 'GET', path, params, status, ...(errorCode !== undefined ? { errorCode } : {}) });
      const text = typeof body === 'string' ? body : params.f === 'pjson' ? JSON.stringify(body, null, 2) : JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': contentType });
      res.end(text);
    };

    if (req.method !== 'GET' && req.method !== 'POST') return record(405, 'Method not allowed', 'text/plain');
    if (lower === INFO_PATH) {
      const origin = `http://${req.headers.host ?? 'localhost'}`;
      return record(200, {
        currentVersion: 11.1,
        authInfo: options.users
          ? { isTokenBasedSecurity: true, tokenServicesUrl: `${origin}${TOKENS_PATH}`, shortLivedTokenValidity: MAX_TOKEN_MINUTES }
          : { isTokenBasedSecurity: false },
      });
    }
    if (lower === `${TOKENS_PATH}generateToken`.toLowerCase()) {
      // ArcGIS refuses credentials in a query string: only a POST body may carry them.
      if (req.method !== 'POST' || !options.users) return record(200, errorBody(405, 'Method not supported.', ['generateToken requires POST with token-based security.']));
      const expected = params.username ? options.users[params.username] : undefined;
      if (expected === undefined || params.password !== expected) {
        return record(200, errorBody(400, 'Unable to generate token.', ['Invalid username or password.']));
      }
      const minutes = Math.min(Number(params.expiration) > 0 ? Number(params.expiration) : MAX_TOKEN_MINUTES, MAX_TOKEN_MINUTES);
      const expires = Date.now() + (options.tokenLifetimeMs ?? minutes * 60_000);
      const token = `issued-${++issuedCount}-${Math.random().toString(36).slice(2, 10)}`;
      issued.set(token, expires);
      return record(200, { token, expires, ssl: false });
    }
    // Basemap tiles are public, as a city's basemap usually is: no token, cacheable, any origin.
    if (lower === BASEMAP_SERVICE_PATH.toLowerCase()) return record(200, basemapServiceInfo());
    const tile = new RegExp(`^${BASEMAP_SERVICE_PATH.toLowerCase()}/tile/(\\d{1,2})/(\\d{1,7})/(\\d{1,7})$`).exec(lower);
    if (tile) {
      const [z, row, col] = [Number(tile[1]), Number(tile[2]), Number(tile[3])];
      if (z > 19 || row >= 2 ** z || col >= 2 ** z) return record(404, errorBody(404, 'Tile not found.', []));
      calls.push({ method: req.method, path, params, status: 200 });
      res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=86400', 'Access-Control-Allow-Origin': '*' });
      res.end(tileCache(z, row, col));
      return;
    }
    const isService = lower === SERVICE_PATH.toLowerCase();
    const isReverse = lower === `${SERVICE_PATH}/reverseGeocode`.toLowerCase();
    const isFind = lower === `${SERVICE_PATH}/findAddressCandidates`.toLowerCase();
    if (!isService && !isReverse && !isFind) return record(404, errorBody(404, 'Service not found.', []));

    if (options.requireToken) {
      const token = params.token;
      if (!token) return record(200, errorBody(499, 'Token Required', ['Token Required'], { messageCode: 'GWM_0003' }));
      const issuedUntil = issued.get(token);
      if (!tokens.has(token) && !(issuedUntil !== undefined && issuedUntil > Date.now())) {
        return record(200, errorBody(498, 'Invalid token.', ['Invalid token.'], { messageCode: 'GWM_0003' }));
      }
    }

    if (isService) {
      return record(200, {
        currentVersion: 11.1,
        serviceDescription: 'Springfield, IL address locator (emulated)',
        spatialReference: { wkid: 4326, latestWkid: 4326 },
        singleLineAddressField: { name: 'SingleLine', type: 'esriFieldTypeString', alias: 'Single Line Input', required: false, length: 200 },
        addressFields: [{ name: 'Address', type: 'esriFieldTypeString', alias: 'Address', required: false, length: 100 }],
        candidateFields: [
          { name: 'Loc_name', type: 'esriFieldTypeString', alias: 'Loc_name', required: false, length: 20 },
          { name: 'Score', type: 'esriFieldTypeDouble', alias: 'Score', required: false },
          { name: 'Match_addr', type: 'esriFieldTypeString', alias: 'Match_addr', required: false, length: 120 },
          { name: 'Addr_type', type: 'esriFieldTypeString', alias: 'Addr_type', required: false, length: 20 },
        ],
        locatorProperties: { SuggestedBatchSize: 150, MaxResultSize: MAX_LOCATIONS_LIMIT },
        // Geocode is Esri's name for findAddressCandidates.
        capabilities: 'Geocode,ReverseGeocode',
      });
    }

    if (isFind) {
      try {
        return record(200, findAddressCandidates(params));
      } catch (err) {
        if (err instanceof BadRequest) return record(200, errorBody(400, 'Unable to complete operation.', err.details));
        throw err;
      }
    }

    try {
      const point = parseLocation(params.location);
      const outSr = parseOutSr(params.outSR ?? params.outSr);
      const distance = params.distance ? Number(params.distance) : DEFAULT_DISTANCE_M;
      if (!Number.isFinite(distance) || distance < 0) throw new BadRequest(["'distance' must be a positive number."]);
      const hit = nearest(point, distance);
      if (!hit) {
        return record(200, errorBody(400, 'Cannot perform query. Invalid query parameters.', ['Unable to find address for the specified location.']));
      }
      return record(200, answer(hit, outSr));
    } catch (err) {
      if (err instanceof BadRequest) return record(200, errorBody(400, 'Unable to complete operation.', err.details));
      throw err;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(errorBody(500, 'Unable to complete operation.', [])));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${SERVICE_PATH}`,
    basemapUrl: `http://${urlHost}:${port}${BASEMAP_SERVICE_PATH}`,
    token: [...tokens][0] ?? DEFAULT_TOKEN,
    calls,
    revokeIssuedTokens: () => issued.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
