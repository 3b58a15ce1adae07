import { readFileSync } from 'node:fs';

/**
 * Esri projected coordinate systems by WKID, from Esri's own projection engine list
 * (`@esri/proj-codes`, pe_list_projcs.json). ArcGIS Server reports the codes GIS staff know, such as
 * 102671 (NAD 1983 StatePlane Illinois East, US feet), which are not in the EPSG registry; the list
 * gives each one as Esri WKT, which proj4 reads.
 */

export interface EsriDefinition {
  wkid: number;
  name: string;
  /** Esri WKT (WKT1 dialect), the form proj4 reads. */
  wkt: string;
  /** Linear unit, e.g. "Foot US", "Meter". */
  units: string;
  area?: string;
}

interface PeListEntry {
  wkid?: unknown;
  latestWkid?: unknown;
  name?: unknown;
  wkt?: unknown;
  description?: unknown;
  extent?: unknown;
}

/**
 * Node's own resolver, reached through process.getBuiltinModule so that the bundler leaves it alone:
 * a bundled `require` cannot take a path computed at run time, and the list is read as a file (not
 * required) so that its parsed form is not kept in the module cache.
 */
const LIST = '@esri/proj-codes/pe_list_projcs.json';

function listPath(): string {
  const { createRequire } = process.getBuiltinModule('node:module');
  try {
    return createRequire(import.meta.url).resolve(LIST);
  } catch {
    // A bundled module's import.meta.url may not point into the project: resolve from its root.
    return createRequire(`${process.cwd()}/package.json`).resolve(LIST);
  }
}

let byWkid: ReadonlyMap<number, EsriDefinition> | null = null;

function lastUnit(wkt: string): string {
  const units = [...wkt.matchAll(/UNIT\s*\[\s*"([^"]*)"/gi)].map((m) => m[1] ?? '');
  return (units.at(-1) ?? 'unknown').replace(/_/g, ' ');
}

function areaOf(extent: unknown): string | undefined {
  if (!Array.isArray(extent)) return undefined;
  const first: unknown = extent[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const name = (first as Record<string, unknown>).areaname;
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

/**
 * The list is 13.7 MB of JSON: it is read once, on the first WKID the EPSG index does not know, and
 * reduced to a map of what projection needs.
 */
function load(): ReadonlyMap<number, EsriDefinition> {
  if (byWkid) return byWkid;
  const raw: unknown = JSON.parse(readFileSync(listPath(), 'utf8'));
  const list = typeof raw === 'object' && raw !== null ? (raw as { ProjectedCoordinateSystems?: unknown }).ProjectedCoordinateSystems : undefined;
  const map = new Map<number, EsriDefinition>();
  if (Array.isArray(list)) {
    for (const item of list as PeListEntry[]) {
      if (typeof item.wkid !== 'number' || typeof item.wkt !== 'string' || typeof item.name !== 'string') continue;
      const area = areaOf(item.extent);
      const definition: EsriDefinition = {
        wkid: item.wkid,
        name: typeof item.description === 'string' && item.description.length > 0 ? item.description : item.name,
        wkt: item.wkt,
        units: lastUnit(item.wkt),
        ...(area ? { area } : {}),
      };
      map.set(item.wkid, definition);
    }
    // A deprecated code whose successor is not listed on its own still resolves through latestWkid.
    for (const item of list as PeListEntry[]) {
      if (typeof item.latestWkid === 'number' && typeof item.wkid === 'number' && !map.has(item.latestWkid)) {
        const current = map.get(item.wkid);
        if (current) map.set(item.latestWkid, { ...current, wkid: item.latestWkid });
      }
    }
  }
  byWkid = map;
  return map;
}

export function esriDefinition(wkid: number): EsriDefinition | null {
  return load().get(wkid) ?? null;
}
