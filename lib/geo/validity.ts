import { orient2d } from 'robust-predicates';
import type { Ring } from './types';

/**
 * Finds edges of one polygon (exterior and holes) that cross or overlap each other.
 *
 * turf's kinks tests every pair of segments, O(n^2): hours for a 100,000-vertex city boundary. Edges are
 * bucketed on a uniform grid instead and only edges sharing a cell are compared, each pair once (in the
 * first cell their ranges share). Touching at a single point is accepted (a hole may touch its exterior);
 * proper crossings and collinear overlaps are not, because they make "inside" depend on the algorithm.
 */

export interface EdgeConflict {
  kind: 'crossing' | 'overlap';
  /** 0-based ring indexes within the polygon (0 = exterior). */
  ringA: number;
  ringB: number;
  /** A point near the conflict, in the polygon's coordinates. */
  at: [number, number];
}

export function findEdgeConflicts(rings: readonly Ring[], maxReported = 10): EdgeConflict[] {
  let n = 0;
  for (const r of rings) n += Math.max(0, r.length - 1);
  if (n < 3) return [];
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  const ringOf = new Int32Array(n);
  let e = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  rings.forEach((r, ri) => {
    for (let i = 0; i + 1 < r.length; i++, e++) {
      const p = r[i]!;
      const q = r[i + 1]!;
      ax[e] = p[0];
      ay[e] = p[1];
      bx[e] = q[0];
      by[e] = q[1];
      ringOf[e] = ri;
      minX = Math.min(minX, p[0], q[0]);
      minY = Math.min(minY, p[1], q[1]);
      maxX = Math.max(maxX, p[0], q[0]);
      maxY = Math.max(maxY, p[1], q[1]);
    }
  });
  const side = Math.max(1, Math.ceil(Math.sqrt(n / 2)));
  const cw = (maxX - minX) / side || 1;
  const ch = (maxY - minY) / side || 1;
  const cellX = (x: number): number => Math.min(side - 1, Math.max(0, Math.floor((x - minX) / cw)));
  const cellY = (y: number): number => Math.min(side - 1, Math.max(0, Math.floor((y - minY) / ch)));
  const cx0 = new Int32Array(n);
  const cx1 = new Int32Array(n);
  const cy0 = new Int32Array(n);
  const cy1 = new Int32Array(n);
  const counts = new Int32Array(side * side + 1);
  for (let i = 0; i < n; i++) {
    cx0[i] = cellX(Math.min(ax[i]!, bx[i]!));
    cx1[i] = cellX(Math.max(ax[i]!, bx[i]!));
    cy0[i] = cellY(Math.min(ay[i]!, by[i]!));
    cy1[i] = cellY(Math.max(ay[i]!, by[i]!));
    for (let cy = cy0[i]!; cy <= cy1[i]!; cy++) for (let cx = cx0[i]!; cx <= cx1[i]!; cx++) counts[cy * side + cx + 1]!++;
  }
  for (let c = 1; c < counts.length; c++) counts[c]! += counts[c - 1]!;
  const fill = counts.slice(0, side * side);
  const cells = new Int32Array(counts[side * side]!);
  for (let i = 0; i < n; i++) {
    for (let cy = cy0[i]!; cy <= cy1[i]!; cy++) for (let cx = cx0[i]!; cx <= cx1[i]!; cx++) cells[fill[cy * side + cx]!++] = i;
  }

  const conflicts: EdgeConflict[] = [];
  for (let c = 0; c < side * side && conflicts.length < maxReported; c++) {
    const from = counts[c]!;
    const to = counts[c + 1]!;
    const cx = c % side;
    const cy = (c - cx) / side;
    for (let s = from; s < to; s++) {
      const i = cells[s]!;
      for (let t = s + 1; t < to; t++) {
        const j = cells[t]!;
        // Compare each pair once: in the first cell both edges cover.
        if (Math.max(cx0[i]!, cx0[j]!) !== cx || Math.max(cy0[i]!, cy0[j]!) !== cy) continue;
        const kind = classify(i, j);
        if (kind) {
          conflicts.push({ kind, ringA: ringOf[i]!, ringB: ringOf[j]!, at: kind === 'crossing' ? crossingPoint(i, j) : [ax[i]!, ay[i]!] });
          if (conflicts.length >= maxReported) break;
        }
      }
      if (conflicts.length >= maxReported) break;
    }
  }
  return conflicts;

  /** Where two properly crossing edges meet, so the report and the map point at the crossing itself. */
  function crossingPoint(i: number, j: number): [number, number] {
    const rx = bx[i]! - ax[i]!, ry = by[i]! - ay[i]!;
    const sx = bx[j]! - ax[j]!, sy = by[j]! - ay[j]!;
    const denom = rx * sy - ry * sx;
    if (denom === 0) return [ax[i]!, ay[i]!];
    const t = ((ax[j]! - ax[i]!) * sy - (ay[j]! - ay[i]!) * sx) / denom;
    return [ax[i]! + t * rx, ay[i]! + t * ry];
  }

  function classify(i: number, j: number): EdgeConflict['kind'] | null {
    const p1x = ax[i]!, p1y = ay[i]!, p2x = bx[i]!, p2y = by[i]!;
    const q1x = ax[j]!, q1y = ay[j]!, q2x = bx[j]!, q2y = by[j]!;
    const o1 = Math.sign(orient2d(p1x, p1y, p2x, p2y, q1x, q1y));
    const o2 = Math.sign(orient2d(p1x, p1y, p2x, p2y, q2x, q2y));
    const o3 = Math.sign(orient2d(q1x, q1y, q2x, q2y, p1x, p1y));
    const o4 = Math.sign(orient2d(q1x, q1y, q2x, q2y, p2x, p2y));
    if (o1 * o2 < 0 && o3 * o4 < 0) return 'crossing';
    if (o1 === 0 && o2 === 0) {
      // Collinear: overlapping with positive length is a conflict, touching end to end is not.
      const useX = Math.abs(p2x - p1x) >= Math.abs(p2y - p1y);
      const [a0, a1] = useX ? [Math.min(p1x, p2x), Math.max(p1x, p2x)] : [Math.min(p1y, p2y), Math.max(p1y, p2y)];
      const [b0, b1] = useX ? [Math.min(q1x, q2x), Math.max(q1x, q2x)] : [Math.min(q1y, q2y), Math.max(q1y, q2y)];
      if (Math.min(a1, b1) - Math.max(a0, b0) > 0) return 'overlap';
      return null;
    }
    // Anything else touches at most at one point: shared vertices of consecutive edges, or a hole
    // touching its exterior. Point-in-polygon stays well defined there.
    return null;
  }
}

/**
 * Vertices a ring passes through twice (other than its closing point): the ring touches itself there.
 * GIS tools draw such a ring (ESRI writes inverted holes this way) but OGC validity forbids it, and the
 * loop's inside is ambiguous between winding rules, so it is repaired rather than stored as is.
 */
export function findSelfTouches(ring: Ring, maxReported = 10): Array<[number, number]> {
  const seen = new Set<string>();
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < ring.length && out.length < maxReported; i++) {
    const p = ring[i]!;
    const key = `${p[0]},${p[1]}`;
    if (seen.has(key)) out.push([p[0], p[1]]);
    else seen.add(key);
  }
  return out;
}
