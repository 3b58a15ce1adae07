import area from '@turf/area';
import { feature, featureCollection } from '@turf/helpers';
import intersect from '@turf/intersect';
import type { MultiPolygon, Polygon } from 'geojson';

/**
 * How much a new agency geography overlaps the existing ones, so the admin sees before saving that,
 * say, "Parks" now shares 3.2 km² with "Public Works" (both agencies' categories will be offered there).
 */

export interface OverlapInput {
  id: string;
  geometry: MultiPolygon | Polygon;
}

export interface AgencyOverlap {
  id: string;
  /** Area of the intersection in km² (geodesic, turf's spherical approximation). */
  areaKm2: number;
  /** Share of the new geography's area, 0..1. */
  fractionOfNew: number;
}

/** Overlaps with each other geography, largest first; geographies that do not overlap are omitted. */
export function computeOverlaps(newGeometry: MultiPolygon | Polygon, others: readonly OverlapInput[]): AgencyOverlap[] {
  const newFeature = feature(newGeometry);
  const newArea = area(newFeature);
  const nb = bboxOf(newGeometry);
  const out: AgencyOverlap[] = [];
  for (const other of others) {
    const ob = bboxOf(other.geometry);
    if (ob[0] > nb[2] || ob[2] < nb[0] || ob[1] > nb[3] || ob[3] < nb[1]) continue;
    const shared = intersect(featureCollection([newFeature, feature(other.geometry)]));
    if (!shared) continue;
    const m2 = area(shared);
    if (m2 <= 0) continue;
    out.push({ id: other.id, areaKm2: m2 / 1e6, fractionOfNew: newArea > 0 ? m2 / newArea : 0 });
  }
  return out.sort((a, b) => b.areaKm2 - a.areaKm2);
}

function bboxOf(g: MultiPolygon | Polygon): [number, number, number, number] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const poly of polys) {
    for (const p of poly[0] ?? []) {
      const x = p[0]!, y = p[1]!;
      if (x < a) a = x;
      if (y < b) b = y;
      if (x > c) c = x;
      if (y > d) d = y;
    }
  }
  return [a, b, c, d];
}
