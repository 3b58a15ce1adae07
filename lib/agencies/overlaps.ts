import { feature, featureCollection } from '@turf/helpers';
import intersect from '@turf/intersect';
import type { MultiPolygon, Polygon } from 'geojson';
import { db } from '@/lib/db';
import { computeOverlaps } from '@/lib/geo/overlap';

export interface AgencyOverlapShape {
  agencyId: string;
  agencyName: string;
  areaKm2: number;
  fractionOfNew: number;
  /** The shared area itself, so the map can show where both agencies' categories will be offered. */
  geometry: Polygon | MultiPolygon | null;
}

export async function overlapsWithOtherAgencies(organizationId: string, agencyId: string, geometry: MultiPolygon): Promise<AgencyOverlapShape[]> {
  const others = await db.agency.findMany({
    where: { organizationId, id: { not: agencyId }, geographyUpdatedAt: { not: null } },
    select: { id: true, name: true, geography: true },
  });
  const inputs = others.filter((o) => o.geography !== null).map((o) => ({ id: o.id, geometry: o.geography as unknown as MultiPolygon }));
  const names = new Map(others.map((o) => [o.id, o.name]));
  const byId = new Map(inputs.map((i) => [i.id, i.geometry]));
  return computeOverlaps(geometry, inputs).map((o) => {
    const other = byId.get(o.id);
    const shared = other ? intersect(featureCollection([feature(geometry), feature(other)])) : null;
    return { agencyId: o.id, agencyName: names.get(o.id) ?? o.id, areaKm2: o.areaKm2, fractionOfNew: o.fractionOfNew, geometry: shared?.geometry ?? null };
  });
}
