import { z } from 'zod';
import { isKnownSrid, projectToWgs84 } from '@/lib/geo/projection';
import { callGeocodeServer, errorFromBody, notArcgis, type ArcgisConfig } from './geocode-server-call';

/** A WGS84 box. */
export interface SearchExtent {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface FindAddressOptions {
  /** Candidates to ask for; the locator may return fewer. */
  maxLocations?: number;
  /** Only candidates inside this box (a countrywide locator would otherwise answer from anywhere). */
  searchExtent?: SearchExtent;
}

export interface AddressCandidate {
  /** The locator's single-line address, e.g. "201 E Adams St, Springfield, IL, 62701". */
  address: string;
  lon: number;
  lat: number;
  /** 0..100; 100 is an exact match. */
  score: number;
}

const DEFAULT_MAX_LOCATIONS = 5;

const spatialReference = z.looseObject({ wkid: z.number().nullish(), latestWkid: z.number().nullish() });

const candidatesBody = z.object({
  spatialReference: spatialReference.nullish(),
  candidates: z.array(z.unknown()),
});

// Locators answer an unplaceable candidate with "NaN" coordinates; such a candidate is dropped, not an error.
const candidate = z.object({
  address: z.string().min(1),
  location: z.looseObject({ x: z.number(), y: z.number() }),
  score: z.number(),
});

/**
 * Asks an ArcGIS GeocodeServer for the addresses matching a single line of text, best first, in
 * WGS84. An empty list means no match; anything else that goes wrong throws ArcgisError.
 */
export async function findAddressCandidates(config: ArcgisConfig, text: string, opts: FindAddressOptions = {}): Promise<AddressCandidate[]> {
  const params = new URLSearchParams({
    SingleLine: text,
    outSR: '4326',
    maxLocations: String(opts.maxLocations ?? DEFAULT_MAX_LOCATIONS),
  });
  if (opts.searchExtent) {
    const e = opts.searchExtent;
    params.set('searchExtent', JSON.stringify({ xmin: e.west, ymin: e.south, xmax: e.east, ymax: e.north, spatialReference: { wkid: 4326 } }));
  }
  const answer = await callGeocodeServer(config, 'findAddressCandidates', params);
  if (!answer.ok) throw errorFromBody('findAddressCandidates', answer.error);

  const body = candidatesBody.safeParse(answer.json);
  if (!body.success) {
    throw notArcgis('findAddressCandidates', answer.httpStatus, 'The geocoder answered JSON without address candidates; check that the URL is a GeocodeServer.');
  }
  // outSR=4326 is a request; read the answer's own spatial reference rather than trust it was honoured.
  const sr = body.data.spatialReference;
  const wkid = sr?.latestWkid ?? sr?.wkid ?? 4326;
  if (wkid !== 4326 && !isKnownSrid(wkid)) {
    throw notArcgis('findAddressCandidates', answer.httpStatus, `The geocoder answered in spatial reference ${wkid}, which this product cannot read.`);
  }
  const toWgs84 = (x: number, y: number): { lon: number; lat: number } | null => {
    const p = wkid === 4326 ? { lon: x, lat: y } : projectToWgs84(x, y, wkid);
    return Number.isFinite(p.lon) && Number.isFinite(p.lat) && Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90 ? p : null;
  };

  const out: AddressCandidate[] = [];
  for (const raw of body.data.candidates) {
    const c = candidate.safeParse(raw);
    if (!c.success) continue;
    const point = toWgs84(c.data.location.x, c.data.location.y);
    if (!point) continue;
    out.push({ address: c.data.address, ...point, score: c.data.score });
  }
  // Stable: candidates of equal score keep the locator's order.
  return out.sort((a, b) => b.score - a.score);
}
