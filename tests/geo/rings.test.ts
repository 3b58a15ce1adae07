import kinks from '@turf/kinks';
import { describe, expect, it } from 'vitest';
import { assembleShapefileRings } from '@/lib/geo/assemble';
import { orientRing, pointInRing, repairRing, signedArea } from '@/lib/geo/rings';
import type { Ring } from '@/lib/geo/types';
import { findEdgeConflicts } from '@/lib/geo/validity';

const sq = (x: number, y: number, s: number): Ring => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const cw = (r: Ring): Ring => (signedArea(r) < 0 ? r : [...r].reverse());
const ccw = (r: Ring): Ring => (signedArea(r) > 0 ? r : [...r].reverse());

describe('ring repair and orientation', () => {
  it('leaves a clean ring alone', () => {
    expect(repairRing(sq(0, 0, 1))).toEqual({ ring: sq(0, 0, 1), fixes: [] });
  });
  it('removes a doubled closing point and spikes that wrap around the start', () => {
    const { ring, fixes } = repairRing([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0], [0, 0]]);
    expect(ring).toEqual([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]);
    expect(fixes).toEqual(['duplicate-points']);
    const spikeAtStart = repairRing([[0, -3], [0, 0], [2, 0], [2, 2], [0, 2], [0, 0], [0, -3]]);
    expect(spikeAtStart.fixes).toContain('zero-area-spike');
    expect(Math.abs(signedArea(spikeAtStart.ring))).toBe(4);
    expect(spikeAtStart.ring).toHaveLength(5);
  });
  it('orients exteriors counter-clockwise and holes clockwise, reporting a reversal', () => {
    const r = cw(sq(0, 0, 1));
    expect(orientRing(r, true)).toBe(true);
    expect(signedArea(r)).toBeGreaterThan(0);
    expect(orientRing(r, true)).toBe(false);
    expect(orientRing(r, false)).toBe(true);
  });
  it('classifies boundary points as 0', () => {
    expect(pointInRing(0.5, 0, sq(0, 0, 1))).toBe(0);
    expect(pointInRing(1, 1, sq(0, 0, 1))).toBe(0);
    expect(pointInRing(0.5, 0.5, sq(0, 0, 1))).toBe(1);
    expect(pointInRing(1.5, 0.5, sq(0, 0, 1))).toBe(-1);
  });
});

describe('hole assembly', () => {
  it('puts an island-in-a-lake-in-an-island together by exact containment', () => {
    const rings = [cw(sq(0, 0, 10)), ccw(sq(2, 2, 6)), cw(sq(4, 4, 2)), ccw(sq(4.5, 4.5, 1))];
    const { polygons, orphanHoles, reversed } = assembleShapefileRings(rings);
    expect(orphanHoles).toEqual([]);
    expect(reversed).toBe(false);
    expect(polygons.map((p) => [p.outerIndex, p.holeIndexes])).toEqual([[0, [1]], [2, [3]]]);
  });
  it('reads a file stored with all orientations reversed', () => {
    const { polygons, reversed } = assembleShapefileRings([ccw(sq(0, 0, 10)), cw(sq(2, 2, 2))]);
    expect(reversed).toBe(true);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]!.holeIndexes).toEqual([1]);
  });
  it('reports a hole outside every exterior', () => {
    const { orphanHoles } = assembleShapefileRings([cw(sq(0, 0, 1)), ccw(sq(5, 5, 1)), cw(sq(10, 10, 1))]);
    expect(orphanHoles).toEqual([1]);
  });
});

describe('edge conflicts', () => {
  it('agrees with turf kinks on a bowtie and on clean polygons', () => {
    const bowtie: Ring = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]];
    expect(findEdgeConflicts([bowtie])).toHaveLength(1);
    expect(kinks({ type: 'Polygon', coordinates: [bowtie] }).features).toHaveLength(1);
    expect(findEdgeConflicts([sq(0, 0, 4), sq(1, 1, 1)])).toEqual([]);
    expect(kinks({ type: 'Polygon', coordinates: [sq(0, 0, 4), sq(1, 1, 1)] }).features).toHaveLength(0);
  });
  it('finds a crossing between a hole and its exterior, and collinear overlaps', () => {
    expect(findEdgeConflicts([sq(0, 0, 4), sq(3, 1, 2)])[0]).toMatchObject({ kind: 'crossing' });
    expect(findEdgeConflicts([sq(0, 0, 4), [[0, 1], [0, 2], [1, 2], [1, 1], [0, 1]]])[0]).toMatchObject({ kind: 'overlap' });
  });
  it('accepts a hole touching its exterior at one vertex', () => {
    expect(findEdgeConflicts([sq(0, 0, 4), [[0, 2], [1, 3], [1, 1], [0, 2]]])).toEqual([]);
  });
  it('scales to a 100,000-vertex ring', () => {
    const n = 100_000;
    const ring: Ring = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      const r = 1 + 0.05 * Math.sin(37 * a);
      ring.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    ring.push([ring[0]![0], ring[0]![1]]);
    const started = performance.now();
    expect(findEdgeConflicts([ring])).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5000);
    const crossed: Ring = [...ring.slice(0, 50_000), [0, 0], ...ring.slice(50_000)];
    crossed.splice(25_000, 0, [-2, 0]);
    expect(findEdgeConflicts([crossed]).length).toBeGreaterThan(0);
  });
});
