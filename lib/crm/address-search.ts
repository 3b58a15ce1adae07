import { ArcgisError, findAddressCandidates, type SearchExtent } from '@/lib/arcgis';
import type { Db } from '@/lib/db';
import { combinedBBox } from '@/lib/geo/rings';
import { geocoderAccess } from '@/lib/integrations/geocoder-access';

/**
 * "Search an address" on the public report form: the organization's own ArcGIS locator turns the
 * citizen's text into a few places to drop the pin on. Nothing about the locator (URL, token, the
 * reason it failed) reaches the citizen.
 */

export const MAX_ADDRESS_RESULTS = 5;
// A citizen is waiting on the form: shorter than the sync engine's 10 s.
const SEARCH_TIMEOUT_MS = 8_000;

export interface FoundAddress {
  address: string;
  lat: number;
  lng: number;
}

export type AddressSearchErrorCode = 'UNKNOWN_ORGANIZATION' | 'NOT_AVAILABLE' | 'GEOCODER_FAILED';

const MESSAGES: Record<AddressSearchErrorCode, string> = {
  UNKNOWN_ORGANIZATION: 'Organization not found.',
  NOT_AVAILABLE: 'Address search is not available for this organization. Drop a pin on the map or type the coordinates.',
  GEOCODER_FAILED: 'The address search is not working right now. Drop a pin on the map or type the coordinates instead.',
};

export class AddressSearchError extends Error {
  override readonly name = 'AddressSearchError';
  constructor(readonly code: AddressSearchErrorCode) {
    super(MESSAGES[code]);
  }
}

interface Geocoder {
  integrationId: string;
  url: string;
  /** Where the organization's agencies are: the report form offers nothing outside it. */
  extent: SearchExtent | null;
}

/** The box around every agency geography, or null when none has one yet (search anywhere). */
function extentOf(bboxes: readonly unknown[]): SearchExtent | null {
  const box = combinedBBox(bboxes);
  return box ? { west: box[0], south: box[1], east: box[2], north: box[3] } : null;
}

/**
 * The geocoder of the organization's oldest enabled integration that names one. Oldest, because
 * that is the integration the rest of the product treats as the organization's
 * (lib/integrations/integration-record.ts); enabled, because a switched-off integration is one the
 * city no longer wants used. `validateAddress` is not required: it only decides whether submissions
 * rewrite the reported address, while the URL alone says the city has a locator for us.
 */
async function geocoderOf(db: Db, where: { slug: string } | { id: string }): Promise<{ found: boolean; geocoder: Geocoder | null }> {
  const org = await db.organization.findUnique({
    where,
    select: {
      integrations: {
        where: { enabled: true, geocoderUrl: { not: null }, NOT: { geocoderUrl: '' } },
        orderBy: { createdAt: 'asc' },
        take: 1,
        select: { id: true, geocoderUrl: true },
      },
      agencies: { select: { bbox: true } },
    },
  });
  if (!org) return { found: false, geocoder: null };
  const i = org.integrations[0];
  return { found: true, geocoder: i?.geocoderUrl ? { integrationId: i.id, url: i.geocoderUrl, extent: extentOf(org.agencies.map((a) => a.bbox)) } : null };
}

/** Whether the report form should offer address search; false for an unknown organization too. */
export async function addressSearchAvailable(db: Db, slug: string): Promise<boolean> {
  return (await geocoderOf(db, { slug })).geocoder !== null;
}

/**
 * Up to five places matching `text`, best first. Throws AddressSearchError: the organization is
 * unknown, has no geocoder, or its geocoder failed (logged here with the reason, for the city's staff).
 */
export async function searchAddresses(db: Db, slug: string, text: string, deps: { fetch?: typeof fetch } = {}): Promise<FoundAddress[]> {
  return candidatesFor(db, { slug }, text, MAX_ADDRESS_RESULTS, deps);
}

/**
 * The one place an address names (Open311 POSTs located by `address_string` alone), or null when the
 * locator matches nothing well enough to put a report there. Throws AddressSearchError like
 * searchAddresses.
 */
export async function locateAddress(db: Db, organizationId: string, text: string, deps: { fetch?: typeof fetch } = {}): Promise<FoundAddress | null> {
  const [best] = await candidatesFor(db, { id: organizationId }, text, 1, deps, MIN_LOCATE_SCORE);
  return best ?? null;
}

// Below this the locator is guessing (a street without the number, a city centroid): a report placed
// there would land on the wrong block, so the client is asked for coordinates instead.
const MIN_LOCATE_SCORE = 80;

async function candidatesFor(
  db: Db,
  org: { slug: string } | { id: string },
  text: string,
  max: number,
  deps: { fetch?: typeof fetch },
  minScore = 0,
): Promise<FoundAddress[]> {
  const { found, geocoder } = await geocoderOf(db, org);
  const label = 'slug' in org ? org.slug : org.id;
  if (!found) throw new AddressSearchError('UNKNOWN_ORGANIZATION');
  if (!geocoder) throw new AddressSearchError('NOT_AVAILABLE');
  let candidates;
  try {
    const access = await geocoderAccess(db, geocoder.integrationId, geocoder.url, { timeoutMs: SEARCH_TIMEOUT_MS, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    candidates = await findAddressCandidates(
      { url: geocoder.url, timeoutMs: SEARCH_TIMEOUT_MS, ...access, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
      text.trim().replace(/\s+/g, ' '),
      { maxLocations: MAX_ADDRESS_RESULTS, ...(geocoder.extent ? { searchExtent: geocoder.extent } : {}) },
    );
  } catch (err) {
    if (!(err instanceof ArcgisError)) throw err;
    // The reason names no URL or token; it tells an administrator reading the log what to fix.
    console.warn(`address search for ${label} failed: ${err.message}`);
    throw new AddressSearchError('GEOCODER_FAILED');
  }
  // A composite locator may list the same address from two of its parts: keep the better one.
  const seen = new Set<string>();
  const out: FoundAddress[] = [];
  for (const c of candidates) {
    if (c.score < minScore) continue;
    const key = c.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ address: c.address, lat: c.lat, lng: c.lon });
    if (out.length === max) break;
  }
  return out;
}
