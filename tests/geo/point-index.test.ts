import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { InvalidIndexGeometryError } from '@/lib/geo/errors';
import { buildPointIndex } from '@/lib/geo/point-index';

const sq = (x: number, y: number, s: number): number[][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A star-ish ring with `n` vertices around (cx, cy): irregular, non-convex, never self-crossing. */
function wigglyRing(cx: number, cy: number, radius: number, n: number, random: () => number, clockwise = false): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = radius * (0.75 + 0.25 * random());
    ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  if (clockwise) ring.reverse();
  ring.push([...ring[0]!]);
  return ring;
}

describe('point index', () => {
  const donut: Polygon = { type: 'Polygon', coordinates: [sq(0, 0, 10), sq(3, 3, 4)] };
  const islands: MultiPolygon = { type: 'MultiPolygon', coordinates: [[sq(20, 0, 2)], [sq(30, 0, 2), sq(30.5, 0.5, 1)]] };
  const index = buildPointIndex([
    { id: 'donut', geometry: donut },
    { id: 'islands', geometry: islands },
    { id: 'overlapping', geometry: { type: 'Polygon', coordinates: [sq(9, 0, 12)] } },
  ]);

  it('excludes holes and includes the ring around them', () => {
    expect(index.containing(1, 1)).toEqual(['donut']);
    expect(index.containing(5, 5)).toEqual([]);
    expect(index.covers('donut', 5, 5)).toBe(false);
  });

  it('counts points on any edge, exterior or hole, as inside (as turf does)', () => {
    for (const [x, y] of [[0, 5], [10, 10], [3, 5], [7, 7], [5, 3]] as const) {
      expect(index.covers('donut', x, y)).toBe(true);
      expect(booleanPointInPolygon([x, y], donut)).toBe(true);
    }
  });

  it('answers every agency that covers a point, in the order given', () => {
    expect(index.containing(9.5, 1)).toEqual(['donut', 'overlapping']);
    expect(index.containing(20, 1)).toEqual(['islands', 'overlapping']); // on the island's edge
    expect(index.containing(31, 1)).toEqual([]); // in the second island's lake
    expect(index.containing(30.2, 1)).toEqual(['islands']);
    expect(index.covers('nobody', 1, 1)).toBe(false);
  });

  it('refuses unclosed rings instead of disagreeing with turf', () => {
    expect(() => buildPointIndex([{ id: 'x', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] } }])).toThrow(InvalidIndexGeometryError);
  });

  it('agrees with turf on 20,000 random points, on vertices and on edge midpoints of a 20,000-vertex polygon with holes', () => {
    const random = rng(42);
    const big: Polygon = {
      type: 'Polygon',
      coordinates: [wigglyRing(0, 0, 10, 20_000, random), wigglyRing(-3, 0, 1.5, 500, random, true), wigglyRing(3, 1, 1, 300, random, true)],
    };
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[wigglyRing(25, 0, 5, 2000, random)], [wigglyRing(40, 0, 5, 2000, random), wigglyRing(40, 0, 2, 200, random, true)]] };
    const idx = buildPointIndex([
      { id: 'big', geometry: big },
      { id: 'multi', geometry: multi },
    ]);
    const probes: number[][] = [];
    for (let i = 0; i < 20_000; i++) probes.push([-12 + 64 * random(), -12 + 24 * random()]);
    for (const ring of [...big.coordinates, ...multi.coordinates.flat()]) {
      for (let i = 0; i + 1 < ring.length; i += 7) {
        const a = ring[i]!, b = ring[i + 1]!;
        probes.push(a, [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2]);
      }
    }
    let mismatches = 0;
    let inside = 0;
    for (const [x, y] of probes as [number, number][]) {
      const expected = [booleanPointInPolygon([x, y], big) ? 'big' : null, booleanPointInPolygon([x, y], multi) ? 'multi' : null].filter(Boolean);
      const got = idx.containing(x, y);
      if (got.join() !== expected.join()) mismatches++;
      if (got.length) inside++;
    }
    expect(mismatches).toBe(0);
    expect(inside).toBeGreaterThan(1000); // the probes exercised both answers
    expect(inside).toBeLessThan(probes.length - 1000);
  });
});
