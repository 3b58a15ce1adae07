import type { MultiPolygon, Polygon } from 'geojson';
import { orient2d } from 'robust-predicates';
import { InvalidIndexGeometryError } from './errors';

/**
 * "Which agencies cover this point?" for report forms and the Cityworks importer.
 *
 * Semantics are exactly those of turf's booleanPointInPolygon with default options, which the tests and
 * the benchmark check point by point:
 * - a point on any edge (exterior or hole) counts as inside: a report on a boundary line is offered the
 *   categories of every agency sharing that line, rather than of none;
 * - within one polygon, inside means an odd number of crossings over all its rings (holes cut out);
 * - a MultiPolygon covers the point if any of its polygons does.
 *
 * Speed: each polygon's edges are bucketed into horizontal slabs (about 4 edges per slab on average,
 * fewer slabs for jagged boundaries so that no edge is stored in more than a few slabs on average).
 * Only edges whose y-range contains the query y can affect the crossing count or lie under the point,
 * and all of them are in the slab of that y, so a lookup touches a few edges even on a 100,000-vertex
 * boundary, instead of all of them. Slab membership uses one monotone function of y for both insertion
 * and lookup, so float rounding cannot leave an edge out.
 */

export interface PointIndexEntry {
  id: string;
  geometry: MultiPolygon | Polygon;
}

export interface PointIndex {
  /** Ids of the entries covering (lon, lat), in the order they were given. */
  containing(lon: number, lat: number): string[];
  /** Whether one entry covers the point (false for unknown ids). */
  covers(id: string, lon: number, lat: number): boolean;
}

interface SlabbedPolygon {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  slabCount: number;
  invSlabHeight: number;
  /** CSR layout: edges of slab s are edges[4*slabStart[s] .. 4*slabStart[s+1]) as x1, y1, x2, y2. */
  slabStart: Int32Array;
  edges: Float64Array;
}

interface IndexedEntry {
  id: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  polygons: SlabbedPolygon[];
}

const EDGES_PER_SLAB = 4;
const MAX_COPIES_PER_EDGE = 4;

export function buildPointIndex(entries: readonly PointIndexEntry[]): PointIndex {
  const indexed: IndexedEntry[] = entries.map((entry) => {
    const polys = entry.geometry.type === 'Polygon' ? [entry.geometry.coordinates] : entry.geometry.coordinates;
    const polygons = polys.filter((p) => p.length > 0).map((p, i) => slabPolygon(p, `${entry.id} polygon ${i + 1}`));
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of polygons) {
      minX = Math.min(minX, p.minX);
      minY = Math.min(minY, p.minY);
      maxX = Math.max(maxX, p.maxX);
      maxY = Math.max(maxY, p.maxY);
    }
    return { id: entry.id, minX, minY, maxX, maxY, polygons };
  });
  const byId = new Map(indexed.map((e) => [e.id, e]));

  return {
    containing(lon, lat) {
      const out: string[] = [];
      for (const e of indexed) {
        if (lon < e.minX || lon > e.maxX || lat < e.minY || lat > e.maxY) continue;
        if (entryCovers(e, lon, lat)) out.push(e.id);
      }
      return out;
    },
    covers(id, lon, lat) {
      const e = byId.get(id);
      return e !== undefined && entryCovers(e, lon, lat);
    },
  };
}

function entryCovers(e: IndexedEntry, x: number, y: number): boolean {
  for (const p of e.polygons) {
    if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) continue;
    if (polygonCovers(p, x, y)) return true;
  }
  return false;
}

function slabOf(y: number, minY: number, inv: number, count: number): number {
  const s = Math.floor((y - minY) * inv);
  return s < 0 ? 0 : s >= count ? count - 1 : s;
}

function slabPolygon(rings: number[][][], label: string): SlabbedPolygon {
  let edgeCount = 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  rings.forEach((ring, r) => {
    const first = ring[0];
    const last = ring[ring.length - 1];
    // turf throws on these; refusing here keeps the index from silently disagreeing with it.
    if (!first || !last || ring.length < 2) throw new InvalidIndexGeometryError(`${label} ring ${r + 1} is empty`);
    if (first[0] !== last[0] || first[1] !== last[1]) throw new InvalidIndexGeometryError(`${label} ring ${r + 1} is not closed`);
    edgeCount += ring.length - 1;
    for (const p of ring) {
      const x = p[0]!, y = p[1]!;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  });
  const height = maxY - minY;
  // A jagged boundary has edges far taller than an even share of the height; each edge is stored once
  // per slab it spans, so cap the slab count to keep the stored copies near MAX_COPIES_PER_EDGE * edges.
  let sumDy = 0;
  for (const ring of rings) for (let i = 0; i + 1 < ring.length; i++) sumDy += Math.abs(ring[i + 1]![1]! - ring[i]![1]!);
  const byCopies = sumDy > 0 ? Math.floor((MAX_COPIES_PER_EDGE * edgeCount * height) / sumDy) : 1;
  const slabCount = Math.max(1, Math.min(Math.ceil(edgeCount / EDGES_PER_SLAB), byCopies));
  const invSlabHeight = height > 0 ? slabCount / height : 0;
  const counts = new Int32Array(slabCount + 1);
  const forEachEdge = (fn: (x1: number, y1: number, x2: number, y2: number) => void): void => {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!, b = ring[i + 1]!;
        fn(a[0]!, a[1]!, b[0]!, b[1]!);
      }
    }
  };
  forEachEdge((_x1, y1, _x2, y2) => {
    const s0 = slabOf(Math.min(y1, y2), minY, invSlabHeight, slabCount);
    const s1 = slabOf(Math.max(y1, y2), minY, invSlabHeight, slabCount);
    for (let s = s0; s <= s1; s++) counts[s + 1]!++;
  });
  for (let s = 1; s <= slabCount; s++) counts[s]! += counts[s - 1]!;
  const slabStart = counts;
  const fill = slabStart.slice(0, slabCount);
  const edges = new Float64Array(4 * slabStart[slabCount]!);
  forEachEdge((x1, y1, x2, y2) => {
    const s0 = slabOf(Math.min(y1, y2), minY, invSlabHeight, slabCount);
    const s1 = slabOf(Math.max(y1, y2), minY, invSlabHeight, slabCount);
    for (let s = s0; s <= s1; s++) {
      const k = 4 * fill[s]!++;
      edges[k] = x1;
      edges[k + 1] = y1;
      edges[k + 2] = x2;
      edges[k + 3] = y2;
    }
  });
  return { minX, minY, maxX, maxY, slabCount, invSlabHeight, slabStart, edges };
}

/** The crossing rule of point-in-polygon-hao (turf), restricted to the edges of one slab. */
function polygonCovers(p: SlabbedPolygon, x: number, y: number): boolean {
  const s = slabOf(y, p.minY, p.invSlabHeight, p.slabCount);
  const end = 4 * p.slabStart[s + 1]!;
  const edges = p.edges;
  let k = 0;
  for (let i = 4 * p.slabStart[s]!; i < end; i += 4) {
    const u1 = edges[i]! - x;
    const v1 = edges[i + 1]! - y;
    const u2 = edges[i + 2]! - x;
    const v2 = edges[i + 3]! - y;
    if (v1 === 0 && v2 === 0) {
      if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return true;
    } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
      const f = orient2d(u1, u2, v1, v2, 0, 0);
      if (f === 0) return true;
      if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) k++;
    }
  }
  return k % 2 === 1;
}
