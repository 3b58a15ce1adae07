import { describe, expect, it } from 'vitest';
import { GeoIngestError } from '@/lib/geo/errors';
import { ingestGeography } from '@/lib/geo/ingest';
import { signedArea } from '@/lib/geo/rings';

const json = (doc: unknown): Buffer => Buffer.from(JSON.stringify(doc));
const square = (x: number, y: number, s: number): number[][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

describe('GeoJSON ingest', () => {
  it('accepts a FeatureCollection, a Feature and a bare geometry', async () => {
    const poly = { type: 'Polygon', coordinates: [square(-73, 41, 0.1)] };
    for (const doc of [{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'A' }, geometry: poly }] }, { type: 'Feature', properties: {}, geometry: poly }, poly]) {
      const r = await ingestGeography(json(doc), 'area.geojson');
      expect(r.report).toMatchObject({ format: 'geojson', featureCount: 1, partCount: 1, dbfEncoding: null });
      expect(r.bbox.map((v) => +v.toFixed(9))).toEqual([-73, 41, -72.9, 41.1]);
    }
  });

  it('rewinds rings to RFC 7946 and counts them', async () => {
    const clockwiseOuter = square(-73, 41, 1).reverse();
    const counterClockwiseHole = square(-72.6, 41.4, 0.2);
    const r = await ingestGeography(json({ type: 'Polygon', coordinates: [clockwiseOuter, counterClockwiseHole] }), 'a.json');
    expect(r.report.ringsRewound).toBe(2);
    const [outer, hole] = r.geometry.coordinates[0]!;
    expect(signedArea(outer as [number, number][])).toBeGreaterThan(0);
    expect(signedArea(hole as [number, number][])).toBeLessThan(0);
    const already = await ingestGeography(json(r.geometry), 'b.json');
    expect(already.report.ringsRewound).toBe(0);
  });

  it('repairs duplicate points, an unclosed ring and a zero-area spike, and reports each', async () => {
    const ring = [[-73, 41], [-72, 41], [-72, 41], [-72, 42], [-71.5, 42], [-72, 42], [-73, 42]]; // dup, spike, unclosed
    const r = await ingestGeography(json({ type: 'Polygon', coordinates: [ring] }), 'a.json');
    expect(r.report.repaired.map((n) => n.kind).sort()).toEqual(['duplicate-points', 'unclosed-ring', 'zero-area-spike']);
    expect(r.geometry.coordinates[0]![0]).toHaveLength(5);
    expect(r.report.repaired[0]).toMatchObject({ feature: 1, ring: 1 });
  });

  it('drops and counts empty features', async () => {
    const doc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: null },
        { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [] } },
        { type: 'Feature', properties: { n: 1 }, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } },
      ],
    };
    const r = await ingestGeography(json(doc), 'a.json');
    expect(r.report).toMatchObject({ featureCount: 1, emptyFeaturesDropped: 2 });
    expect(r.featureProperties).toEqual([{ n: 1 }]);
  });

  it('honours a legacy crs member with an EPSG code', async () => {
    const doc = {
      type: 'Polygon',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2234' } },
      coordinates: [[[950000, 670000], [960000, 670000], [960000, 680000], [950000, 680000], [950000, 670000]]],
    };
    const r = await ingestGeography(json(doc), 'a.json');
    expect(r.report.coordinateSystem).toMatchObject({ source: 'geojson-crs', epsg: 2234 });
    expect(r.bbox[0]).toBeGreaterThan(-73);
    expect(r.bbox[3]).toBeLessThan(41.4);
  });

  it.each([
    ['GEOJSON_INVALID', Buffer.from('{"type": "Polygon", "coordinates": [[[0,0],[1,')],
    ['GEOJSON_INVALID', json({ type: 'Polygon', coordinates: [[[0, 0], ['a', 1], [1, 1], [0, 0]]] })],
    ['NON_POLYGON_GEOMETRY', json({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } })],
    ['NO_FEATURES', json({ type: 'FeatureCollection', features: [] })],
    ['COORDINATES_NOT_LONLAT', json({ type: 'Polygon', coordinates: [square(950000, 670000, 1000)] })],
    ['PRJ_UNSUPPORTED', json({ type: 'Polygon', crs: { type: 'name', properties: { name: 'EPSG:999999' } }, coordinates: [square(0, 0, 1)] })],
    ['INVALID_GEOMETRY', json({ type: 'Polygon', coordinates: [square(0, 0, 1), square(5, 5, 1)] })],
    ['UNSUPPORTED_FORMAT', Buffer.from('<kml></kml>')],
  ])('refuses with %s and returns nothing', async (code, buf) => {
    const outcome = await ingestGeography(buf, 'upload.json').then(
      (result) => ({ result, error: null }),
      (error: unknown) => ({ result: null, error }),
    );
    expect(outcome.result).toBeNull();
    expect(outcome.error).toBeInstanceOf(GeoIngestError);
    expect((outcome.error as GeoIngestError).code).toBe(code);
  });

  it('names the hole that lies outside its polygon and reports the ring it repaired where a hole crossed its exterior', async () => {
    const outside = await ingestGeography(json({ type: 'Polygon', coordinates: [square(0, 0, 1), square(5, 5, 1)] }), 'a.json').catch((e: GeoIngestError) => e);
    expect((outside as GeoIngestError).message).toMatch(/feature 1 ring 2 is a hole outside/);
    const crossing = await ingestGeography(json({ type: 'Polygon', coordinates: [square(0, 0, 4), square(3, 1, 2)] }), 'a.json');
    expect(crossing.report.repaired.map((r) => r.message).join(' ')).toMatch(/feature 1 rings 1, 2 crossed another ring/);
  });
});
