import { orient2d } from 'robust-predicates';
import type { BBox, Ring } from './types';

/** Shoelace area; positive for counter-clockwise rings (y up). Works on closed or open rings. */
export function signedArea(ring: ReadonlyArray<readonly [number, number]>): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += (a[0] - b[0]) * (a[1] + b[1]);
  }
  return sum / 2;
}

export function ringBBox(ring: ReadonlyArray<readonly [number, number]>): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/**
 * The box around stored boxes (Agency.bbox, JSON), skipping any that is not four numbers; null
 * when none is.
 */
export function combinedBBox(boxes: readonly unknown[]): BBox | null {
  let out: BBox | null = null;
  for (const b of boxes) {
    if (!Array.isArray(b) || b.length !== 4 || !b.every((n) => typeof n === 'number')) continue;
    const [minX, minY, maxX, maxY] = b as BBox;
    out = out ? [Math.min(out[0], minX), Math.min(out[1], minY), Math.max(out[2], maxX), Math.max(out[3], maxY)] : [minX, minY, maxX, maxY];
  }
  return out;
}

export function bboxContainsBBox(outer: BBox, inner: BBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}

/**
 * Point against one closed ring: 1 inside, -1 outside, 0 on the boundary.
 * Same crossing rule and robust predicate as turf's point-in-polygon, so ring tests agree with it.
 */
export function pointInRing(x: number, y: number, ring: ReadonlyArray<readonly [number, number]>): -1 | 0 | 1 {
  let k = 0;
  const last = ring.length - 1;
  let p = ring[0]!;
  let u1 = p[0] - x;
  let v1 = p[1] - y;
  for (let i = 0; i < last; i++) {
    p = ring[i + 1]!;
    const u2 = p[0] - x;
    const v2 = p[1] - y;
    if (v1 === 0 && v2 === 0) {
      if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return 0;
    } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
      const f = orient2d(u1, u2, v1, v2, 0, 0);
      if (f === 0) return 0;
      if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) k++;
    }
    u1 = u2;
    v1 = v2;
  }
  return k % 2 === 0 ? -1 : 1;
}

export type RingRepairKind = 'duplicate-points' | 'unclosed-ring' | 'zero-area-spike';

/**
 * Repairs the simple defects writers commonly produce: repeated consecutive vertices (including a doubled
 * closing point), a missing closing point, and zero-area spikes (a vertex whose neighbours coincide, or
 * that backtracks along the same line). Returns the closed ring and what was fixed.
 */
export function repairRing(input: ReadonlyArray<readonly [number, number]>): { ring: Ring; fixes: RingRepairKind[] } {
  const fixes = new Set<RingRepairKind>();
  const pts: Ring = [];
  for (const p of input) {
    const prev = pts[pts.length - 1];
    if (prev && prev[0] === p[0] && prev[1] === p[1]) {
      fixes.add('duplicate-points');
      continue;
    }
    pts.push([p[0], p[1]]);
  }
  if (pts.length > 1) {
    const first = pts[0]!;
    const last = pts[pts.length - 1]!;
    if (first[0] === last[0] && first[1] === last[1]) pts.pop();
    else fixes.add('unclosed-ring');
  }
  // Open ring from here on. A spike is a vertex where the path reverses on itself: collinear with its
  // neighbours and pointing back (dot product <= 0). Removing one can expose another, so use a stack.
  const out: Ring = [];
  for (const p of pts) {
    out.push(p);
    while (out.length >= 3 && isSpike(out[out.length - 3]!, out[out.length - 2]!, out[out.length - 1]!)) {
      out.splice(out.length - 2, 1);
      fixes.add('zero-area-spike');
      const a = out[out.length - 2]!;
      const b = out[out.length - 1]!;
      if (a[0] === b[0] && a[1] === b[1]) out.pop();
    }
  }
  // The wrap-around vertices can be spikes too.
  let changed = true;
  while (changed && out.length >= 3) {
    changed = false;
    const n = out.length;
    if (isSpike(out[n - 1]!, out[0]!, out[1]!)) {
      out.shift();
      changed = true;
    } else if (isSpike(out[n - 2]!, out[n - 1]!, out[0]!)) {
      out.pop();
      changed = true;
    }
    if (changed) fixes.add('zero-area-spike');
    const a = out[0];
    const b = out[out.length - 1];
    if (a && b && out.length > 1 && a[0] === b[0] && a[1] === b[1]) out.pop();
  }
  if (out.length > 0) out.push([out[0]![0], out[0]![1]]);
  return { ring: out, fixes: [...fixes] };
}

function isSpike(a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]): boolean {
  if (orient2d(a[0], a[1], b[0], b[1], c[0], c[1]) !== 0) return false;
  return (a[0] - b[0]) * (c[0] - b[0]) + (a[1] - b[1]) * (c[1] - b[1]) >= 0;
}

/** RFC 7946: exterior rings counter-clockwise, holes clockwise. Returns whether the ring was reversed. */
export function orientRing(ring: Ring, exterior: boolean): boolean {
  const ccw = signedArea(ring) > 0;
  if (ccw === exterior) return false;
  ring.reverse();
  return true;
}
