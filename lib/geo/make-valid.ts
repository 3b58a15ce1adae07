import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import GeoJSONWriter from 'jsts/org/locationtech/jts/io/GeoJSONWriter.js';
import BufferOp from 'jsts/org/locationtech/jts/operation/buffer/BufferOp.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import SnapIfNeededOverlayOp from 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js';
import type { Geometry as GeoJsonGeometry } from 'geojson';
import type { Ring } from './types';

/**
 * Make-valid for one polygon (exterior + holes) with the semantics of JTS's GeometryFixer, built from
 * the operations of JSTS (the JavaScript port of JTS; its 2.12 release does not ship GeometryFixer
 * itself):
 *
 * - each ring is fixed by a zero-width buffer computed in both orientations and combined
 *   (`BufferOp.bufferByZero(poly, true)` in JTS): a bow-tie keeps both lobes instead of losing the one
 *   whose winding is reversed, and a self-touching ring that encloses an inverted hole gets a real hole;
 * - fixed holes that meet the fixed exterior are subtracted from it; a "hole" wholly outside the
 *   exterior becomes land, as GeometryFixer does (callers that prefer to refuse that check it first);
 * - what collapses to no area is dropped: an empty result means the polygon cannot be repaired.
 *
 * Overlay uses snap-if-needed, JTS's robust fallback for nearly coincident edges.
 */

/** The few methods of a JSTS geometry this module uses (JSTS's own .d.ts types them as `any`). */
interface JstsGeometry {
  isEmpty(): boolean;
  getArea(): number;
  getNumGeometries(): number;
  getGeometryN(n: number): JstsGeometry;
}

interface JstsStatics {
  read(geojson: GeoJsonGeometry): JstsGeometry;
  write(g: JstsGeometry): GeoJsonGeometry;
  buffer0(g: JstsGeometry): JstsGeometry;
  overlay(a: JstsGeometry, b: JstsGeometry, op: number): JstsGeometry;
  UNION: number;
  DIFFERENCE: number;
  INTERSECTION: number;
}

const jsts: JstsStatics = (() => {
  const factory = new GeometryFactory();
  const reader = new GeoJSONReader(factory);
  const writer = new GeoJSONWriter();
  const ops = OverlayOp as unknown as { UNION: number; DIFFERENCE: number; INTERSECTION: number };
  const snap = SnapIfNeededOverlayOp as unknown as { overlayOp(a: JstsGeometry, b: JstsGeometry, op: number): JstsGeometry };
  const buffer = BufferOp as unknown as { bufferOp(g: JstsGeometry, distance: number): JstsGeometry };
  return {
    read: (g) => reader.read(g) as JstsGeometry,
    write: (g) => writer.write(g as never) as GeoJsonGeometry,
    buffer0: (g) => buffer.bufferOp(g, 0),
    overlay: (a, b, op) => snap.overlayOp(a, b, op),
    UNION: ops.UNION,
    DIFFERENCE: ops.DIFFERENCE,
    INTERSECTION: ops.INTERSECTION,
  };
})();

export class MakeValidFailure extends Error {
  override readonly name = 'MakeValidFailure';
}

/** Each output polygon as [exterior, ...holes], closed rings; empty when nothing with area remains. */
export function makeValidPolygon(rings: readonly Ring[]): Ring[][] {
  const [shell, ...holes] = rings;
  if (!shell) return [];
  let fixed: JstsGeometry;
  try {
    fixed = fixRing(shell);
    if (fixed.isEmpty()) return [];
    const land: JstsGeometry[] = [];
    for (const h of holes) {
      const hole = fixRing(h);
      if (hole.isEmpty()) continue;
      // Holes that touch the exterior's area cut it; a hole entirely outside it is land (GeometryFixer).
      if (jsts.overlay(fixed, hole, jsts.INTERSECTION).getArea() > 0) fixed = jsts.overlay(fixed, hole, jsts.DIFFERENCE);
      else land.push(hole);
    }
    for (const extra of land) fixed = jsts.overlay(fixed, extra, jsts.UNION);
  } catch (error) {
    // JSTS signals a topology it cannot node with an exception; the caller refuses that polygon.
    throw new MakeValidFailure(error instanceof Error ? error.message : String(error));
  }
  return polygonsOf(jsts.write(fixed));
}

function fixRing(ring: Ring): JstsGeometry {
  const forward = jsts.buffer0(jsts.read({ type: 'Polygon', coordinates: [ring] }));
  const backward = jsts.buffer0(jsts.read({ type: 'Polygon', coordinates: [[...ring].reverse()] }));
  if (backward.isEmpty()) return forward;
  if (forward.isEmpty()) return backward;
  return jsts.overlay(forward, backward, jsts.UNION);
}

function polygonsOf(g: GeoJsonGeometry): Ring[][] {
  switch (g.type) {
    case 'Polygon':
      return g.coordinates.length > 0 ? [g.coordinates.map(toRing)] : [];
    case 'MultiPolygon':
      return g.coordinates.filter((p) => p.length > 0).map((p) => p.map(toRing));
    case 'GeometryCollection':
      return g.geometries.flatMap(polygonsOf);
    default:
      return []; // lines and points left over from a collapse carry no area
  }
}

function toRing(positions: ReadonlyArray<ReadonlyArray<number>>): Ring {
  return positions.map((p) => [p[0]!, p[1]!]);
}
