import turfArea from '@turf/area';
import type { MultiPolygon } from 'geojson';
import { assembleShapefileRings, ringInside, type AssembledPolygon } from './assemble';
import { readDbf, type DbfEncoding, type DbfRow } from './dbf';
import { GeoIngestError, type RefusedItem } from './errors';
import { isKnownSrid, parsePrj, projectToWgs84, type PrjProjection } from './projection';
import { orient2d } from 'robust-predicates';
import { orientRing, repairRing, type RingRepairKind } from './rings';
import { readShp } from './shp-reader';
import type { BBox, Ring } from './types';
import { makeValidPolygon, MakeValidFailure } from './make-valid';
import { findEdgeConflicts, findSelfTouches } from './validity';
import { listZip, readEntry, type ZipLimits } from './zip-reader';

/**
 * Agency service-area upload: a zipped shapefile or GeoJSON in, one WGS84 MultiPolygon out, with a
 * report of everything that was changed on the way. Either the whole upload is accepted or a
 * GeoIngestError says why; nothing is ever partially returned.
 *
 * Unlike the vendor's importer, which takes "a standard polygon without cutouts", holes and multiple
 * parts are supported: the point index answers containment exactly for both.
 */

export interface IngestLimits extends ZipLimits {
  maxUploadBytes: number;
  maxVertices: number;
}

export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = {
  maxUploadBytes: 50 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  // Shapefile parts compress 2-20x; padded DBF text up to ~100x. Deflate tops out near 1032x.
  maxCompressionRatio: 200,
  ratioCheckMinBytes: 1024 * 1024,
  maxEntries: 1000,
  maxVertices: 1_000_000,
};

export interface RepairNote {
  feature: number;
  ring: number | null;
  kind: RingRepairKind | 'degenerate-ring-dropped' | 'orientation-reversed-file' | 'made-valid';
  message: string;
  /** For 'made-valid': where the rings crossed or touched (WGS84 lon/lat), to mark on the map. */
  points?: Array<[number, number]>;
  /** For 'made-valid': geodesic area in m² as drawn (crossing lobes cancel) and after the repair. */
  areaBeforeM2?: number;
  areaAfterM2?: number;
  /** For 'made-valid': the repaired polygon(s), to highlight on the map. */
  geometry?: MultiPolygon;
}

export interface IngestOptions {
  /** A WHATWG encoding label chosen by the admin, replacing the detected DBF encoding. */
  dbfEncoding?: string;
}

export interface CoordinateSystemInfo {
  source: 'prj' | 'none' | 'geojson' | 'geojson-crs';
  name: string;
  units: string;
  epsg: number | null;
}

export interface IngestReport {
  format: 'shapefile' | 'geojson';
  /** Features kept (non-empty). */
  featureCount: number;
  /** Polygons in the output MultiPolygon. */
  partCount: number;
  holeCount: number;
  /** Vertices in the output, closing points included. */
  vertexCount: number;
  /** Rings reversed to RFC 7946 orientation (exterior counter-clockwise, holes clockwise). */
  ringsRewound: number;
  repaired: RepairNote[];
  emptyFeaturesDropped: number;
  coordinateSystem: CoordinateSystemInfo;
  /** DBF text encoding and how it was decided; null for GeoJSON or a shapefile without .dbf. */
  dbfEncoding: DbfEncoding | null;
  warnings: string[];
}

export interface IngestResult {
  geometry: MultiPolygon;
  /** [minLon, minLat, maxLon, maxLat] of the output geometry, computed after reprojection. */
  bbox: BBox;
  /** Attributes of the kept features, in file order, for the admin to recognise the upload. */
  featureProperties: DbfRow[];
  report: IngestReport;
}

interface FeaturePolygons {
  /** 1-based, as an admin would count rows. */
  feature: number;
  polygons: AssembledPolygon[];
}

export async function ingestGeography(
  buffer: Buffer,
  filename: string,
  limits: Partial<IngestLimits> = {},
  options: IngestOptions = {},
): Promise<IngestResult> {
  const lim: IngestLimits = { ...DEFAULT_INGEST_LIMITS, ...limits };
  if (buffer.length > lim.maxUploadBytes) {
    throw new GeoIngestError('UPLOAD_TOO_LARGE', `${filename} is ${buffer.length} bytes; uploads are limited to ${lim.maxUploadBytes} bytes`);
  }
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50) return ingestShapefileZip(buffer, filename, lim, options);
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === 0x06054b50) {
    throw new GeoIngestError('ZIP_NO_SHP', `${filename} is an empty zip; it must contain a .shp with its .dbf and .prj`);
  }
  if (looksLikeJson(buffer)) return ingestGeoJson(buffer, filename, lim);
  throw new GeoIngestError('UNSUPPORTED_FORMAT', `${filename} is neither a zipped shapefile nor GeoJSON`);
}

function looksLikeJson(buffer: Buffer): boolean {
  for (let i = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0; i < Math.min(buffer.length, 4096); i++) {
    const b = buffer[i]!;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b; // '{'
  }
  return false;
}

async function ingestShapefileZip(buffer: Buffer, filename: string, lim: IngestLimits, options: IngestOptions): Promise<IngestResult> {
  const { zip, entries } = await listZip(buffer, lim);
  try {
    const usable = entries.filter((e) => !e.fileName.endsWith('/') && !/(^|\/)(__MACOSX\/|\._)/.test(e.fileName));
    const shps = usable.filter((e) => /\.shp$/i.test(e.fileName));
    if (shps.length === 0) {
      const names = usable.map((e) => e.fileName).slice(0, 10).join(', ') || 'nothing';
      throw new GeoIngestError('ZIP_NO_SHP', `${filename} contains no .shp file (found: ${names})`);
    }
    if (shps.length > 1) {
      throw new GeoIngestError(
        'ZIP_MULTIPLE_LAYERS',
        `${filename} contains ${shps.length} shapefiles (${shps.map((e) => e.fileName).join(', ')}); upload one layer per agency`,
      );
    }
    const shpEntry = shps[0]!;
    const base = shpEntry.fileName.slice(0, -4).toLowerCase();
    const companion = (ext: string): (typeof usable)[number] | undefined => usable.find((e) => e.fileName.toLowerCase() === `${base}.${ext}`);
    const budget = { remainingBytes: lim.maxUncompressedBytes };
    const shpBytes = await readEntry(zip, shpEntry, budget);
    const dbfEntry = companion('dbf');
    const prjEntry = companion('prj');
    const cpgEntry = companion('cpg');
    const dbfBytes = dbfEntry ? await readEntry(zip, dbfEntry, budget) : null;
    const prjText = prjEntry ? (await readEntry(zip, prjEntry, budget)).toString('utf8') : null;
    const cpgText = cpgEntry ? (await readEntry(zip, cpgEntry, budget)).toString('utf8') : undefined;
    return buildFromShapefile(shpEntry.fileName, shpBytes, dbfBytes, dbfEntry?.fileName ?? '', prjText, cpgText, lim, options);
  } finally {
    zip.close();
  }
}

function buildFromShapefile(
  shpName: string,
  shpBytes: Buffer,
  dbfBytes: Buffer | null,
  dbfName: string,
  prjText: string | null,
  cpgText: string | undefined,
  lim: IngestLimits,
  options: IngestOptions,
): IngestResult {
  const warnings: string[] = [];
  const repaired: RepairNote[] = [];
  const refused: RefusedItem[] = [];
  const shp = readShp(shpBytes, shpName, lim.maxVertices);
  const dbf = dbfBytes ? readDbf(dbfBytes, cpgText, dbfName, options.dbfEncoding) : null;
  if (!dbf) warnings.push(`${shpName} has no .dbf: features have no attributes`);
  else if (dbf.rows.length !== shp.records.length) {
    warnings.push(`${dbfName} has ${dbf.rows.length} rows for ${shp.records.length} shapes; attributes may be misaligned`);
  }

  let prj: PrjProjection | null = null;
  if (prjText !== null) {
    prj = parsePrj(prjText);
    if (!prj) {
      const name = /"([^"]+)"/.exec(prjText)?.[1] ?? 'its coordinate system';
      throw new GeoIngestError('PRJ_UNSUPPORTED', `The .prj of ${shpName} describes ${name}, which cannot be converted to WGS84`);
    }
  } else {
    warnings.push(`${shpName} has no .prj: coordinates were taken as WGS84 longitude/latitude`);
  }

  const features: FeaturePolygons[] = [];
  const properties: DbfRow[] = [];
  let emptyFeaturesDropped = 0;
  let sourceExtent: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const record of shp.records) {
    const feature = record.index + 1;
    const rings: Ring[] = [];
    record.rings.forEach((flat, r) => {
      const ring = repairAndNote(toRing(flat), feature, r, repaired);
      if (ring) rings.push(ring);
    });
    if (rings.length === 0) {
      emptyFeaturesDropped++;
      continue;
    }
    for (const ring of rings) sourceExtent = extend(sourceExtent, ring);
    const { polygons, orphanHoles, reversed } = assembleShapefileRings(rings);
    if (reversed) {
      repaired.push({ feature, ring: null, kind: 'orientation-reversed-file', message: `feature ${feature}: rings were stored with reversed orientation (exteriors counter-clockwise)` });
    }
    for (const h of orphanHoles) refused.push({ feature, ring: h + 1, reason: `feature ${feature} ring ${h + 1} is a hole outside every exterior ring` });
    features.push({ feature, polygons });
    properties.push(dbf?.rows[record.index] ?? {});
  }

  let coordinateSystem: CoordinateSystemInfo;
  if (prj) {
    coordinateSystem = { source: 'prj', name: prj.name, units: prj.units, epsg: prj.epsg };
    const toWgs84 = prj.toWgs84.bind(prj);
    for (const f of features) for (const p of f.polygons) for (const ring of [p.outer, ...p.holes]) projectRing(ring, toWgs84, f.feature, refused);
  } else {
    coordinateSystem = { source: 'none', name: 'WGS 84 (assumed, no .prj)', units: 'degree', epsg: 4326 };
    if (features.length > 0 && !isLonLatExtent(sourceExtent)) {
      throw new GeoIngestError(
        'COORDINATES_NOT_LONLAT',
        `${shpName} has no .prj and its coordinates (x ${fmt(sourceExtent[0])}..${fmt(sourceExtent[2])}, y ${fmt(sourceExtent[1])}..${fmt(sourceExtent[3])}) are not longitude/latitude; include the .prj file`,
      );
    }
    clampToLonLat(features);
  }
  return finish('shapefile', features, properties, { coordinateSystem, dbfEncoding: dbf?.encoding ?? null, emptyFeaturesDropped, repaired, refused, warnings });
}

function toRing(flat: Float64Array): Ring {
  const ring: Ring = new Array(flat.length / 2);
  for (let i = 0, j = 0; j < flat.length; i++, j += 2) ring[i] = [flat[j]!, flat[j + 1]!];
  return ring;
}

function repairAndNote(input: Ring, feature: number, ringIndex: number, repaired: RepairNote[]): Ring | null {
  const { ring, fixes } = repairRing(input);
  for (const kind of fixes) {
    repaired.push({ feature, ring: ringIndex + 1, kind, message: `feature ${feature} ring ${ringIndex + 1}: ${REPAIR_TEXT[kind]}` });
  }
  // Net area alone would also drop a symmetric bowtie, which must be refused, not silently lost.
  if (ring.length < 4 || allCollinear(ring)) {
    if (input.length > 0) {
      repaired.push({ feature, ring: ringIndex + 1, kind: 'degenerate-ring-dropped', message: `feature ${feature} ring ${ringIndex + 1}: dropped, it encloses no area` });
    }
    return null;
  }
  return ring;
}

function allCollinear(ring: Ring): boolean {
  const [a, b] = ring;
  if (!a || !b) return true;
  return ring.every((c) => orient2d(a[0], a[1], b[0], b[1], c[0], c[1]) === 0);
}

const REPAIR_TEXT: Record<RingRepairKind, string> = {
  'duplicate-points': 'removed repeated consecutive vertices',
  'unclosed-ring': 'closed the ring (last vertex did not repeat the first)',
  'zero-area-spike': 'removed a zero-area spike',
};

function projectRing(ring: Ring, toWgs84: (x: number, y: number) => [number, number], feature: number, refused: RefusedItem[]): void {
  for (const p of ring) {
    const [lon, lat] = toWgs84(p[0], p[1]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      refused.push({ feature, ring: null, reason: `feature ${feature} has a vertex (${p[0]}, ${p[1]}) outside the area its .prj can convert` });
      return;
    }
    p[0] = lon;
    p[1] = lat;
  }
}

function extend(box: BBox, ring: Ring): BBox {
  let [a, b, c, d] = box;
  for (const [x, y] of ring) {
    if (x < a) a = x;
    if (y < b) b = y;
    if (x > c) c = x;
    if (y > d) d = y;
  }
  return [a, b, c, d];
}

// World files put vertices exactly on ±180/±90, and writers round them a hair beyond (-180.0000000001).
const LONLAT_TOLERANCE = 1e-6;

function isLonLatExtent(b: BBox): boolean {
  const t = LONLAT_TOLERANCE;
  return b[0] >= -180 - t && b[2] <= 180 + t && b[1] >= -90 - t && b[3] <= 90 + t;
}

/** Pulls vertices within the tolerance back onto the ±180/±90 edge, so stored geometry is in range. */
function clampToLonLat(features: FeaturePolygons[]): void {
  for (const f of features) {
    for (const p of f.polygons) {
      for (const ring of [p.outer, ...p.holes]) {
        for (const pt of ring) {
          pt[0] = Math.min(180, Math.max(-180, pt[0]));
          pt[1] = Math.min(90, Math.max(-90, pt[1]));
        }
      }
    }
  }
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(4);
}

interface FinishContext {
  coordinateSystem: CoordinateSystemInfo;
  dbfEncoding: DbfEncoding | null;
  emptyFeaturesDropped: number;
  repaired: RepairNote[];
  refused: RefusedItem[];
  warnings: string[];
}

/** Shared tail for both formats: repair, validity, RFC 7946 orientation, bbox of the final geometry. */
function finish(format: IngestReport['format'], features: FeaturePolygons[], properties: DbfRow[], ctx: FinishContext): IngestResult {
  const { refused } = ctx;
  for (const f of features) f.polygons = f.polygons.flatMap((p) => makeValidIfNeeded(f.feature, p, ctx));
  if (refused.length > 0) {
    const shown = refused.slice(0, 5).map((r) => r.reason).join('; ');
    const more = refused.length > 5 ? ` (and ${refused.length - 5} more)` : '';
    throw new GeoIngestError('INVALID_GEOMETRY', `The geography is invalid: ${shown}${more}`, refused);
  }
  if (features.length === 0) {
    throw new GeoIngestError('NO_FEATURES', `The file has no polygon features${ctx.emptyFeaturesDropped ? ` (${ctx.emptyFeaturesDropped} empty ones)` : ''}`);
  }

  let ringsRewound = 0;
  let holeCount = 0;
  let vertexCount = 0;
  let bbox: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const coordinates: MultiPolygon['coordinates'] = [];
  for (const f of features) {
    for (const p of f.polygons) {
      if (orientRing(p.outer, true)) ringsRewound++;
      for (const h of p.holes) if (orientRing(h, false)) ringsRewound++;
      holeCount += p.holes.length;
      for (const ring of [p.outer, ...p.holes]) vertexCount += ring.length;
      bbox = extend(bbox, p.outer);
      coordinates.push([p.outer, ...p.holes]);
    }
  }
  return {
    geometry: { type: 'MultiPolygon', coordinates },
    bbox,
    featureProperties: properties,
    report: {
      format,
      featureCount: features.length,
      partCount: coordinates.length,
      holeCount,
      vertexCount,
      ringsRewound,
      repaired: ctx.repaired,
      emptyFeaturesDropped: ctx.emptyFeaturesDropped,
      coordinateSystem: ctx.coordinateSystem,
      dbfEncoding: ctx.dbfEncoding,
      warnings: ctx.warnings,
    },
  };
}

// ---------------------------------------------------------------- GeoJSON

function ingestGeoJson(buffer: Buffer, filename: string, lim: IngestLimits): IngestResult {
  let doc: unknown;
  try {
    doc = JSON.parse(buffer.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new GeoIngestError('GEOJSON_INVALID', `${filename} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(doc)) throw new GeoIngestError('GEOJSON_INVALID', `${filename} is not a GeoJSON object`);

  const warnings: string[] = [];
  const repaired: RepairNote[] = [];
  const refused: RefusedItem[] = [];
  const crsSrid = legacyCrsSrid(doc, filename);
  const coordinateSystem: CoordinateSystemInfo =
    crsSrid === null
      ? { source: 'geojson', name: 'WGS 84 (RFC 7946)', units: 'degree', epsg: 4326 }
      : { source: 'geojson-crs', name: `EPSG:${crsSrid}`, units: 'see EPSG', epsg: crsSrid };

  const rawFeatures: Array<{ geometry: unknown; properties: unknown }> =
    doc.type === 'FeatureCollection'
      ? Array.isArray(doc.features)
        ? doc.features.map((f: unknown, i: number) => {
            if (!isObject(f) || f.type !== 'Feature') throw new GeoIngestError('GEOJSON_INVALID', `${filename}: features[${i}] is not a Feature`);
            return { geometry: f.geometry, properties: f.properties };
          })
        : badGeoJson(filename, 'a FeatureCollection without a "features" array')
      : doc.type === 'Feature'
        ? [{ geometry: doc.geometry, properties: doc.properties }]
        : [{ geometry: doc, properties: null }];

  const features: FeaturePolygons[] = [];
  const properties: DbfRow[] = [];
  let emptyFeaturesDropped = 0;
  let vertices = 0;
  let extent: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  rawFeatures.forEach(({ geometry, properties: props }, i) => {
    const feature = i + 1;
    const polygonsCoords = polygonCoordinates(geometry, feature, filename);
    const polygons: AssembledPolygon[] = [];
    let ringNumber = 0;
    for (const polygon of polygonsCoords) {
      const rings: Array<{ ring: Ring; index: number }> = [];
      polygon.forEach((raw, r) => {
        const index = ringNumber++;
        vertices += raw.length;
        if (vertices > lim.maxVertices) throw new GeoIngestError('TOO_MANY_VERTICES', `${filename} has more than ${lim.maxVertices} vertices (limit)`);
        const ring = repairAndNote(raw, feature, index, repaired);
        if (ring) rings.push({ ring, index });
        else if (r === 0) rings.length = 0;
      });
      const outer = rings[0];
      if (!outer || outer.index !== ringNumber - polygon.length) continue; // exterior gone: the polygon is empty
      const p: AssembledPolygon = { outer: outer.ring, holes: [], outerIndex: outer.index, holeIndexes: [] };
      for (const h of rings.slice(1)) {
        p.holes.push(h.ring);
        p.holeIndexes.push(h.index);
      }
      polygons.push(p);
    }
    if (polygons.length === 0) {
      emptyFeaturesDropped++;
      return;
    }
    if (crsSrid !== null) {
      for (const p of polygons) for (const ring of [p.outer, ...p.holes]) projectRing(ring, (x, y) => { const r = projectToWgs84(x, y, crsSrid); return [r.lon, r.lat]; }, feature, refused);
    }
    for (const p of polygons) {
      extent = extend(extent, p.outer);
      p.holes.forEach((h, k) => {
        if (!ringInside(h, p.outer)) {
          const ring = p.holeIndexes[k]! + 1;
          refused.push({ feature, ring, reason: `feature ${feature} ring ${ring} is a hole outside its polygon's exterior ring` });
        }
      });
    }
    features.push({ feature, polygons });
    properties.push(toRow(props));
  });
  if (features.length > 0 && !isLonLatExtent(extent)) {
    throw new GeoIngestError(
      'COORDINATES_NOT_LONLAT',
      `${filename} has coordinates outside longitude/latitude range (x ${fmt(extent[0])}..${fmt(extent[2])}, y ${fmt(extent[1])}..${fmt(extent[3])}); GeoJSON must be WGS84`,
    );
  }
  if (crsSrid === null) clampToLonLat(features);
  return finish('geojson', features, properties, { coordinateSystem, dbfEncoding: null, emptyFeaturesDropped, repaired, refused, warnings });
}

function badGeoJson(filename: string, what: string): never {
  throw new GeoIngestError('GEOJSON_INVALID', `${filename} is ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> & { features?: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Pre-RFC 7946 GeoJSON may name its CRS; honour EPSG codes we know, refuse the rest. */
function legacyCrsSrid(doc: Record<string, unknown>, filename: string): number | null {
  const crs = doc.crs;
  if (!isObject(crs) || !isObject(crs.properties) || typeof crs.properties.name !== 'string') return null;
  const name = crs.properties.name;
  if (/CRS84$|EPSG::?4326$/i.test(name)) return null;
  const code = /EPSG:{1,2}(\d+)$/i.exec(name)?.[1];
  if (!code || !isKnownSrid(Number(code))) {
    throw new GeoIngestError('PRJ_UNSUPPORTED', `${filename} declares the coordinate system "${name}", which cannot be converted to WGS84`);
  }
  return Number(code);
}

function polygonCoordinates(geometry: unknown, feature: number, filename: string): Ring[][] {
  if (geometry === null || geometry === undefined) return [];
  if (!isObject(geometry) || typeof geometry.type !== 'string') badGeoJson(filename, `invalid: feature ${feature} has no geometry type`);
  switch (geometry.type) {
    case 'Polygon':
      return [polygonOf(geometry.coordinates, feature, filename)];
    case 'MultiPolygon':
      if (!Array.isArray(geometry.coordinates)) badGeoJson(filename, `invalid: feature ${feature} has no coordinates`);
      return geometry.coordinates.map((p: unknown) => polygonOf(p, feature, filename));
    case 'GeometryCollection':
      if (!Array.isArray(geometry.geometries)) badGeoJson(filename, `invalid: feature ${feature} has no geometries`);
      return geometry.geometries.flatMap((g: unknown) => polygonCoordinates(g, feature, filename));
    default:
      throw new GeoIngestError('NON_POLYGON_GEOMETRY', `${filename} feature ${feature} is a ${geometry.type}; an agency geography must be polygons`);
  }
}

function polygonOf(coords: unknown, feature: number, filename: string): Ring[] {
  if (!Array.isArray(coords)) badGeoJson(filename, `invalid: feature ${feature} has malformed polygon coordinates`);
  return coords.map((ring: unknown) => {
    if (!Array.isArray(ring)) badGeoJson(filename, `invalid: feature ${feature} has a malformed ring`);
    return ring.map((pos: unknown): [number, number] => {
      if (!Array.isArray(pos) || typeof pos[0] !== 'number' || typeof pos[1] !== 'number' || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
        badGeoJson(filename, `invalid: feature ${feature} has a position that is not [x, y]`);
      }
      return [pos[0], pos[1]];
    });
  });
}

function toRow(props: unknown): DbfRow {
  const row: DbfRow = {};
  if (!isObject(props)) return row;
  for (const [k, v] of Object.entries(props)) {
    row[k] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : JSON.stringify(v);
  }
  return row;
}

/**
 * A polygon whose rings cross, overlap or touch themselves is made valid (GeometryFixer semantics, see
 * make-valid.ts) and the repair is reported with where it happened and the area before and after.
 * Only what make-valid cannot turn into area is refused.
 */
function makeValidIfNeeded(feature: number, p: AssembledPolygon, ctx: FinishContext): AssembledPolygon[] {
  const rings = [p.outer, ...p.holes];
  const ids = [p.outerIndex, ...p.holeIndexes];
  const conflicts = findEdgeConflicts(rings, 20);
  const touches = rings.flatMap((r, k) => findSelfTouches(r).map((at) => ({ ring: k, at })));
  if (conflicts.length === 0 && touches.length === 0) return [p];
  const ringNumbers = new Set<number>([...conflicts.flatMap((c) => [c.ringA, c.ringB]), ...touches.map((t) => t.ring)].map((k) => (ids[k] ?? k) + 1));
  const ringList = [...ringNumbers].sort((a, b) => a - b);
  const what = [
    conflicts.some((c) => c.kind === 'crossing' && c.ringA === c.ringB) ? 'crossed itself' : null,
    conflicts.some((c) => c.ringA !== c.ringB) ? 'crossed another ring' : null,
    conflicts.some((c) => c.kind === 'overlap') ? 'overlapped along an edge' : null,
    touches.length > 0 ? 'touched itself' : null,
  ].filter(Boolean).join(', ');
  const points = [...conflicts.map((c) => c.at), ...touches.map((t) => t.at)];
  const where = points.slice(0, 3).map(([x, y]) => `(${x.toFixed(6)}, ${y.toFixed(6)})`).join(', ');
  const label = `feature ${feature} ring${ringList.length > 1 ? 's' : ''} ${ringList.join(', ')}`;
  let fixed: Ring[][];
  try {
    fixed = makeValidPolygon(rings);
  } catch (error) {
    if (!(error instanceof MakeValidFailure)) throw error;
    fixed = [];
  }
  if (fixed.length === 0) {
    ctx.refused.push({ feature, ring: ringList[0] ?? null, reason: `${label} ${what} near ${where} and cannot be repaired: nothing with area remains` });
    return [];
  }
  const areaBeforeM2 = turfArea({ type: 'Polygon', coordinates: rings });
  const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: fixed };
  const areaAfterM2 = turfArea(geometry);
  ctx.repaired.push({
    feature,
    ring: ringList[0] ?? null,
    kind: 'made-valid',
    message: `${label} ${what} near ${where}; made valid as ${fixed.length} polygon${fixed.length > 1 ? 's' : ''} (area ${km2(areaBeforeM2)} as drawn, ${km2(areaAfterM2)} after repair)`,
    points,
    areaBeforeM2,
    areaAfterM2,
    geometry,
  });
  return fixed.map(([outer, ...holes]) => ({ outer: outer!, holes, outerIndex: p.outerIndex, holeIndexes: holes.map(() => p.outerIndex) }));
}

function km2(m2: number): string {
  return `${(m2 / 1e6).toFixed(m2 < 1e6 ? 4 : 2)} km²`;
}
