import { z } from 'zod';
import { callGeocodeServer, errorFromBody, notArcgis, type ArcgisConfig } from './geocode-server-call';

export type { ArcgisConfig } from './geocode-server-call';

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
  });
  const answer = await callGeocodeServer(config, 'reverseGeocode', params);
  if (!answer.ok) {
    const { code, message, details } = answer.error;
    if (isNoMatch(code, message, details)) return null;
    throw errorFromBody('reverseGeocode', answer.error);
  }

  const ok = successBody.safeParse(answer.json);
  if (!ok.success) {
    throw notArcgis('reverseGeocode', answer.httpStatus, 'The geocoder answered JSON without an address; check that the URL is a GeocodeServer.');
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
