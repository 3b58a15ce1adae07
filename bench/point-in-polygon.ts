/**
 * Point-in-polygon: lib/geo/point-index vs turf booleanPointInPolygon on the same geometry.
 * Run: npx tsx bench/point-in-polygon.ts   (exits 1 on any disagreement)
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { buildPointIndex, type PointIndexEntry } from '../lib/geo/point-index';

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
const random = rng(2024);

/** Irregular ring around (cx, cy) in degrees; `wiggle` adds coastline-like detail. */
function ring(cx: number, cy: number, radius: number, n: number, clockwise: boolean): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = radius * (0.85 + 0.1 * Math.sin(13 * a) + 0.05 * random());
    out.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  if (clockwise) out.reverse();
  out.push([...out[0]!]);
  return out;
}

// A 100,000-vertex city boundary with three holes (e.g. an independent town and two state parks).
const city: Polygon = {
  type: 'Polygon',
  coordinates: [ring(-72.9, 41.3, 0.3, 100_000, false), ring(-73.0, 41.3, 0.05, 2_000, true), ring(-72.8, 41.35, 0.04, 1_500, true), ring(-72.9, 41.15, 0.03, 1_000, true)],
};
// 50 agencies tiling the same area with overlapping 200-vertex polygons (some MultiPolygons with holes).
const agencies: Array<{ id: string; geometry: Polygon | MultiPolygon }> = [];
for (let i = 0; i < 50; i++) {
  const cx = -73.2 + 0.6 * random();
  const cy = 41.0 + 0.6 * random();
  agencies.push(
    i % 5 === 0
      ? { id: `agency-${i}`, geometry: { type: 'MultiPolygon', coordinates: [[ring(cx, cy, 0.08, 200, false), ring(cx, cy, 0.02, 40, true)], [ring(cx + 0.2, cy, 0.03, 100, false)]] } }
      : { id: `agency-${i}`, geometry: { type: 'Polygon', coordinates: [ring(cx, cy, 0.1, 200, false)] } },
  );
}

const POINTS = 100_000;
const points: Array<[number, number]> = [];
for (let i = 0; i < POINTS; i++) points.push([-73.25 + 0.7 * random(), 40.95 + 0.7 * random()]);
// Exact vertices and edge midpoints too, where ties and boundaries live.
for (let i = 0; i < 2000; i++) {
  const r = city.coordinates[0]!;
  const k = Math.floor(random() * (r.length - 1));
  points.push([r[k]![0]!, r[k]![1]!], [(r[k]![0]! + r[k + 1]![0]!) / 2, (r[k]![1]! + r[k + 1]![1]!) / 2]);
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

interface Row {
  scenario: string;
  lookups: number;
  turfPerSec: number;
  indexPerSec: number;
  ratio: string;
  buildMs: string;
  mismatches: number;
}
const rows: Row[] = [];
let failed = false;

function scenario(name: string, entries: PointIndexEntry[], turfPoints: Array<[number, number]>): void {
  const built = time(() => buildPointIndex(entries));
  const index = built.value;
  const turf = time(() => turfPoints.map(([x, y]) => entries.filter((e) => booleanPointInPolygon([x, y], e.geometry)).map((e) => e.id).join()));
  const ours = time(() => turfPoints.map(([x, y]) => index.containing(x, y).join()));
  let mismatches = 0;
  turf.value.forEach((expected, i) => {
    if (ours.value[i] !== expected) {
      mismatches++;
      if (mismatches <= 5) console.error(`MISMATCH ${name} at ${turfPoints[i]!.join(', ')}: turf [${expected}] index [${ours.value[i]}]`);
    }
  });
  if (mismatches > 0) failed = true;
  rows.push({
    scenario: name,
    lookups: turfPoints.length,
    turfPerSec: Math.round(turfPoints.length / (turf.ms / 1000)),
    indexPerSec: Math.round(turfPoints.length / (ours.ms / 1000)),
    ratio: `${(turf.ms / ours.ms).toFixed(1)}x`,
    buildMs: built.ms.toFixed(1),
    mismatches,
  });
}

scenario('city boundary, 104,500 vertices, 3 holes', [{ id: 'city', geometry: city }], points);
scenario('50 agencies (200-340 vertices each)', agencies, points);
console.table(rows);
const inside = points.filter(([x, y]) => booleanPointInPolygon([x, y], city)).length;
console.log(`points: ${points.length} (${inside} inside the city boundary); node ${process.version}`);
if (failed) {
  console.error('FAIL: the index disagrees with turf');
  process.exit(1);
}
console.log('identity check: index and turf agree on every point');
