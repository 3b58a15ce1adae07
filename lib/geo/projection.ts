import { createRequire } from 'node:module';
import proj4 from 'proj4';
import { esriDefinition } from './esri-definitions';
import { UnknownSridError } from './errors';

/**
 * Projection between WGS84 lon/lat and any EPSG code or Esri WKID. EPSG definitions come from
 * `epsg-index/s/<code>.json` (one small file per code, loaded on demand: `all.json` is 7.8 MB); Esri
 * WKIDs that the EPSG index does not hold (102671, 102643, 102729 … as ArcGIS Server shows them) come
 * from Esri's projection engine list (`@esri/proj-codes`) as Esri WKT. The Web Mercator aliases
 * (102100 …) stay on the built-in definition so the most common case never loads the Esri list.
 */

export interface SridDescription {
  srid: number;
  name: string;
  /** e.g. "metre", "US survey foot", "degree" */
  units: string;
  /** EPSG area of use, for the admin UI; absent for built-ins */
  area?: string;
}

interface EpsgIndexEntry {
  code: string;
  name: string;
  proj4: string;
  unit: string;
  area?: string;
  wkt?: string;
}

const WGS84 = 'EPSG:4326';

const BUILT_IN: ReadonlyMap<number, { def: string; description: Omit<SridDescription, 'srid'> }> = new Map([
  [4326, { def: '+proj=longlat +datum=WGS84 +no_defs', description: { name: 'WGS 84', units: 'degree' } }],
  [
    3857,
    {
      def: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
      description: { name: 'WGS 84 / Pseudo-Mercator', units: 'metre' },
    },
  ],
]);
/** ESRI codes that mean an EPSG code. */
const ALIASES: ReadonlyMap<number, number> = new Map([
  [102100, 3857],
  [102113, 3857],
  [900913, 3857],
]);

const require = createRequire(import.meta.url);
const entryCache = new Map<number, EpsgIndexEntry | null>();
const converterCache = new Map<number, proj4.Converter>();

function normalizeSrid(srid: number | string): number | null {
  const n = typeof srid === 'number' ? srid : /^\s*(?:EPSG:)?(\d{1,7})\s*$/i.exec(srid)?.[1];
  const value = typeof n === 'string' ? Number(n) : n;
  // Integer check before building a module path from it: no path traversal through the SRID.
  return value !== undefined && Number.isInteger(value) && value > 0 && value < 10_000_000 ? value : null;
}

function loadEpsgEntry(code: number): EpsgIndexEntry | null {
  const cached = entryCache.get(code);
  if (cached !== undefined) return cached;
  let entry: EpsgIndexEntry | null = null;
  try {
    const raw: unknown = require(`epsg-index/s/${code}.json`);
    if (isEpsgEntry(raw)) entry = raw;
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
  }
  entryCache.set(code, entry);
  return entry;
}

function isModuleNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'MODULE_NOT_FOUND';
}

function isEpsgEntry(raw: unknown): raw is EpsgIndexEntry {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  // Some index entries are datums or units (no proj4 string): those are not usable as SRIDs.
  return typeof r.proj4 === 'string' && r.proj4.length > 0 && typeof r.name === 'string';
}

function resolve(srid: number | string): { code: number; def: string; description: SridDescription } {
  const code = normalizeSrid(srid);
  if (code === null) throw new UnknownSridError(srid);
  const target = ALIASES.get(code) ?? code;
  const builtIn = BUILT_IN.get(target);
  if (builtIn) return { code, def: builtIn.def, description: { srid: code, ...builtIn.description } };
  const entry = loadEpsgEntry(target);
  if (!entry) {
    const esri = esriDefinition(target);
    if (!esri) throw new UnknownSridError(srid);
    return {
      code,
      def: esri.wkt,
      description: { srid: code, name: esri.name, units: esri.units, ...(esri.area ? { area: esri.area } : {}) },
    };
  }
  return {
    code,
    def: entry.proj4,
    description: { srid: code, name: entry.name, units: entry.unit, ...(entry.area ? { area: entry.area } : {}) },
  };
}

function converterFor(srid: number | string): proj4.Converter {
  const { code, def } = resolve(srid);
  let converter = converterCache.get(code);
  if (!converter) {
    converter = proj4(WGS84, def);
    converterCache.set(code, converter);
  }
  return converter;
}

export function isKnownSrid(srid: number | string): boolean {
  try {
    resolve(srid);
    return true;
  } catch (error) {
    if (error instanceof UnknownSridError) return false;
    throw error;
  }
}

export function describeSrid(srid: number | string): SridDescription {
  return resolve(srid).description;
}

export function projectToSrid(lon: number, lat: number, srid: number | string): { x: number; y: number } {
  const [x, y] = converterFor(srid).forward([lon, lat]);
  return { x: x as number, y: y as number };
}

export function projectToWgs84(x: number, y: number, srid: number | string): { lon: number; lat: number } {
  const [lon, lat] = converterFor(srid).inverse([x, y]);
  return { lon: lon as number, lat: lat as number };
}

/** A coordinate system read from a shapefile's .prj (ESRI or OGC WKT). */
export interface PrjProjection {
  /** Name from the WKT (PROJCS / GEOGCS), for the ingest report. */
  name: string;
  /** Linear unit of the projected system, or "degree" for geographic ones. */
  units: string;
  /** EPSG code when the WKT carries an AUTHORITY["EPSG", ...] for the whole system. */
  epsg: number | null;
  geographic: boolean;
  /** Projected (x, y) -> WGS84 [lon, lat]. */
  toWgs84(x: number, y: number): [number, number];
}

/**
 * Parse .prj WKT with proj4 (which reads both ESRI and OGC WKT). Returns null when proj4 cannot read it,
 * so the caller can refuse the upload with the WKT's own name rather than guess a projection.
 */
export function parsePrj(wkt: string): PrjProjection | null {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  if (text.length === 0) return null;
  let converter: proj4.Converter;
  try {
    converter = proj4(text, WGS84);
    // proj4 parses lazily in places; one probe surfaces unsupported projections here, not mid-ingest.
    converter.forward([0, 0]);
  } catch {
    return null;
  }
  const head = /^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(text);
  const geographic = head ? /^GEO/i.test(head[1] ?? '') : false;
  // The last UNIT in a PROJCS is the linear unit (the first belongs to its GEOGCS).
  const units = [...text.matchAll(/(?:UNIT|LENGTHUNIT|ANGLEUNIT)\s*\[\s*"([^"]*)"/gi)].map((m) => m[1] ?? '');
  const authority = /AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text) ?? /ID\s*\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$/i.exec(text);
  return {
    name: head?.[2] ?? 'unnamed coordinate system',
    units: units.at(-1) ?? (geographic ? 'degree' : 'unknown'),
    epsg: authority?.[1] ? Number(authority[1]) : null,
    geographic,
    toWgs84(x, y) {
      const [lon, lat] = converter.forward([x, y]);
      return [lon as number, lat as number];
    },
  };
}
