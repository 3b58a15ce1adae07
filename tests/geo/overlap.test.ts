import area from '@turf/area';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { computeOverlaps } from '@/lib/geo/overlap';

const sq = (x: number, y: number, s: number): number[][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const poly = (...rings: number[][][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('overlap between agency geographies', () => {
  const parks = poly(sq(-73, 41, 0.1));

  it('reports the shared area in km² per agency, largest first, omitting disjoint ones', () => {
    const half = poly(sq(-72.95, 41, 0.1)); // shares the east half
    const quarter = poly(sq(-72.95, 41.05, 0.1)); // shares the north-east quarter
    const far = poly(sq(-70, 41, 0.1));
    const result = computeOverlaps(parks, [
      { id: 'quarter', geometry: quarter },
      { id: 'far', geometry: far },
      { id: 'half', geometry: half },
    ]);
    expect(result.map((r) => r.id)).toEqual(['half', 'quarter']);
    const parksKm2 = area(parks) / 1e6;
    expect(result[0]!.fractionOfNew).toBeCloseTo(0.5, 2);
    expect(result[0]!.areaKm2).toBeCloseTo(parksKm2 / 2, 0);
    expect(result[1]!.fractionOfNew).toBeCloseTo(0.25, 2);
  });

  it('does not count the area of a hole as shared', () => {
    const withHole = poly(sq(-73, 41, 0.1), sq(-72.99, 41.01, 0.08));
    const [r] = computeOverlaps(withHole, [{ id: 'same', geometry: parks }]);
    expect(r!.fractionOfNew).toBeCloseTo(1, 6);
    expect(r!.areaKm2).toBeCloseTo(area(withHole) / 1e6, 6);
    expect(r!.areaKm2).toBeLessThan(area(parks) / 1e6 * 0.5);
  });

  it('handles multipolygons and edge-touching neighbours (no overlap)', () => {
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[sq(-73, 41, 0.1)], [sq(-72, 41, 0.1)]] };
    const neighbour = poly(sq(-72.9, 41, 0.1));
    expect(computeOverlaps(multi, [{ id: 'neighbour', geometry: neighbour }])).toEqual([]);
    const [r] = computeOverlaps(multi, [{ id: 'second', geometry: poly(sq(-72, 41, 0.1)) }]);
    expect(r!.fractionOfNew).toBeCloseTo(0.5, 2);
  });
});
