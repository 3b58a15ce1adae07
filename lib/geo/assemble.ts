import { bboxContainsBBox, pointInRing, ringBBox, signedArea } from './rings';
import type { BBox, Ring } from './types';

/**
 * Builds polygons (exterior + holes) from the flat ring list of one shapefile record.
 *
 * The shapefile rule: exteriors clockwise, holes counter-clockwise, in any order. A hole belongs to the
 * smallest exterior that contains it (an island inside a lake inside an island), tested with an exact
 * point-in-ring, not by bounding box and not "the previous exterior".
 */

export interface AssembledPolygon {
  outer: Ring;
  holes: Ring[];
  /** 0-based ring indexes as stored, to name rings in messages. */
  outerIndex: number;
  holeIndexes: number[];
}

interface RingInfo {
  ring: Ring;
  index: number;
  area: number;
  bbox: BBox;
}

export function assembleShapefileRings(rings: readonly Ring[]): { polygons: AssembledPolygon[]; orphanHoles: number[]; reversed: boolean } {
  const first = assemble(rings, false);
  if (first.orphanHoles.length === 0) return { ...first, reversed: false };
  // Some writers store every ring with the opposite orientation; accept that reading only if it
  // accounts for every ring, as it does for a lone counter-clockwise polygon.
  const second = assemble(rings, true);
  if (second.orphanHoles.length === 0) return { ...second, reversed: true };
  return { ...first, reversed: false };
}

function assemble(rings: readonly Ring[], reversed: boolean): { polygons: AssembledPolygon[]; orphanHoles: number[] } {
  const outers: RingInfo[] = [];
  const holes: RingInfo[] = [];
  rings.forEach((ring, index) => {
    const area = signedArea(ring);
    const info: RingInfo = { ring, index, area: Math.abs(area), bbox: ringBBox(ring) };
    // Clockwise (negative signed area, y up) is an exterior in a shapefile.
    if (area < 0 !== reversed) outers.push(info);
    else holes.push(info);
  });
  const polygons: AssembledPolygon[] = outers.map((o) => ({ outer: o.ring, holes: [], outerIndex: o.index, holeIndexes: [] }));
  const orphanHoles: number[] = [];
  for (const hole of holes) {
    let best = -1;
    for (let k = 0; k < outers.length; k++) {
      const outer = outers[k]!;
      if (!bboxContainsBBox(outer.bbox, hole.bbox)) continue;
      if (!ringInside(hole.ring, outer.ring)) continue;
      if (best < 0 || outer.area < outers[best]!.area) best = k;
    }
    if (best < 0) orphanHoles.push(hole.index);
    else {
      polygons[best]!.holes.push(hole.ring);
      polygons[best]!.holeIndexes.push(hole.index);
    }
  }
  return { polygons, orphanHoles };
}

/** Whether `inner` lies inside `outer`, judged by its first vertex that is not on `outer`'s boundary. */
export function ringInside(inner: Ring, outer: Ring): boolean {
  for (const [x, y] of inner) {
    const where = pointInRing(x, y, outer);
    if (where !== 0) return where === 1;
  }
  return false;
}
