import { readFileSync } from 'node:fs';
import path from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import shp from 'shpjs';
import { describe, expect, it } from 'vitest';
import { GeoIngestError, type GeoIngestErrorCode } from '@/lib/geo/errors';
import { ingestGeography, type IngestResult } from '@/lib/geo/ingest';
import { signedArea } from '@/lib/geo/rings';

const fixture = (name: string): Buffer => readFileSync(path.join(import.meta.dirname, '../fixtures/geo', name));
const ingest = (name: string): Promise<IngestResult> => ingestGeography(fixture(name), name);

async function expectRefusal(name: string, code: GeoIngestErrorCode, message: RegExp): Promise<GeoIngestError> {
  let result: IngestResult | undefined;
  let caught: unknown;
  try {
    result = await ingest(name);
  } catch (error) {
    caught = error;
  }
  expect(result).toBeUndefined();
  expect(caught).toBeInstanceOf(GeoIngestError);
  const error = caught as GeoIngestError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

/** shpjs's own reading of a fixture, for the cases where it is wrong. */
async function shpjsFeatures(name: string): Promise<Array<{ properties: Record<string, unknown>; geometry: { bbox: number[]; coordinates: unknown[][] } }>> {
  const parsed = (await shp(fixture(name))) as unknown as { features: Array<{ properties: Record<string, unknown>; geometry: { bbox: number[]; coordinates: unknown[][] } }> };
  return parsed.features;
}

function allPositions(r: IngestResult): number[][] {
  return r.geometry.coordinates.flat(2);
}

describe('shapefile ingest: accepted fixtures', () => {
  it('polygon with a hole in EPSG:2234 comes out in WGS84 with its hole, RFC 7946 orientation and the real names', async () => {
    const r = await ingest('hole-2234.zip');
    expect(r.report).toMatchObject({ format: 'shapefile', featureCount: 1, partCount: 1, holeCount: 1, vertexCount: 11, ringsRewound: 2 });
    expect(r.report.coordinateSystem).toMatchObject({ source: 'prj', epsg: 2234, units: 'US survey foot' });
    const [outer, hole] = r.geometry.coordinates[0]!;
    expect(signedArea(outer as [number, number][])).toBeGreaterThan(0); // exterior counter-clockwise
    expect(signedArea(hole as [number, number][])).toBeLessThan(0); // hole clockwise
    // Vertices written from known lon/lat come back to within 1e-7 degrees (about a centimetre).
    expect(outer!.some(([x, y]) => Math.abs(x! - -72.9) < 1e-7 && Math.abs(y! - 41.95) < 1e-7)).toBe(true);
    expect(booleanPointInPolygon([-72.9, 41.3], r.geometry)).toBe(false); // inside the hole
    expect(booleanPointInPolygon([-73.3, 41.3], r.geometry)).toBe(true);
    // UTF-8 DBF, no .cpg, ANSI language driver: the bytes decide.
    expect(r.featureProperties).toEqual([{ NAME: 'Café Ñandú' }]);
    expect(r.report.dbfEncoding).toMatchObject({ label: 'utf-8', source: 'utf8-validation' });
  });

  it('(b) recomputes the bbox after reprojection, where shpjs reports one that misses the apex', async () => {
    const r = await ingest('hole-2234.zip');
    const inside = (b: number[], [x, y]: number[]): boolean => x! >= b[0]! && y! >= b[1]! && x! <= b[2]! && y! <= b[3]!;
    expect(allPositions(r).every((p) => inside(r.bbox, p))).toBe(true);
    expect(r.bbox[3]).toBeCloseTo(41.95, 7);
    const theirBbox = (await shpjsFeatures('hole-2234.zip'))[0]!.geometry.bbox;
    expect(allPositions(r).every((p) => inside(theirBbox, p))).toBe(false);
  });

  it('(a) puts a hole in the part that contains it, not the previous part nor the first bbox that covers it', async () => {
    const r = await ingest('multipolygon-hole-in-second-part.zip');
    expect(r.report).toMatchObject({ partCount: 2, holeCount: 1 });
    const [lShape, notch] = r.geometry.coordinates;
    expect(lShape).toHaveLength(1); // the L has no hole
    expect(notch).toHaveLength(2); // the rectangle stored after the hole owns it
    expect(booleanPointInPolygon([-72.84, 41.26], r.geometry)).toBe(false); // in the hole
    expect(booleanPointInPolygon([-72.81, 41.26], r.geometry)).toBe(true); // in the rectangle, beside the hole
    // shpjs assigns by bbox only and gives the hole to the L, which makes the hole area "inside".
    const theirs = await shpjsFeatures('multipolygon-hole-in-second-part.zip');
    expect(theirs[0]!.geometry.coordinates.map((p) => p.length)).toEqual([2, 1]);
  });

  it('(c) decodes a Latin-1 DBF without .cpg from its language driver byte, where shpjs yields replacement characters', async () => {
    const r = await ingest('latin1-no-cpg.zip');
    expect(r.featureProperties).toEqual([{ NAME: 'Café Ñandú' }]);
    expect(r.report.dbfEncoding).toMatchObject({ label: 'windows-1252', source: 'language-driver', languageDriver: 0x57 });
    const theirs = await shpjsFeatures('latin1-no-cpg.zip');
    expect(theirs[0]!.properties.NAME).toContain('\uFFFD');
  });

  it('takes coordinates as lon/lat without a .prj, says so, and drops empty features', async () => {
    const r = await ingest('lonlat-no-prj.zip');
    expect(r.report.coordinateSystem.source).toBe('none');
    expect(r.report.warnings.join(' ')).toMatch(/no \.prj/);
    expect(r.report.emptyFeaturesDropped).toBe(1);
    expect(r.report.featureCount).toBe(1);
    expect(r.featureProperties).toEqual([{ NAME: 'Downtown' }]);
    expect(r.bbox).toEqual([-72.95, 41.28, -72.9, 41.33]);
  });
});

describe('shapefile ingest: refused fixtures', () => {
  it('refuses a projected shapefile without .prj, quoting its coordinates', async () => {
    await expectRefusal('projected-no-prj.zip', 'COORDINATES_NOT_LONLAT', /no \.prj.*945028/);
  });
  it('refuses a point layer', async () => {
    await expectRefusal('points.zip', 'NON_POLYGON_GEOMETRY', /Point/);
  });
  it('refuses a file whose every shape is empty', async () => {
    await expectRefusal('only-null-shapes.zip', 'NO_FEATURES', /2 empty/);
  });
  it('refuses something that is not a zip', async () => {
    await expectRefusal('not-a-zip.zip', 'UNSUPPORTED_FORMAT', /neither/);
  });
  it('refuses a zip without .shp, listing what it holds', async () => {
    await expectRefusal('no-shp.zip', 'ZIP_NO_SHP', /README\.txt/);
  });
  it('refuses a truncated .shp that shpjs would silently read as empty', async () => {
    await expectRefusal('corrupt-shp.zip', 'SHP_CORRUPT', /truncated/);
    expect(await shpjsFeatures('corrupt-shp.zip')).toHaveLength(0);
  });
  it('refuses a zip bomb from its central directory, before inflating', async () => {
    await expectRefusal('zip-bomb-ratio.zip', 'ZIP_BOMB', /1029x/);
  });
  it('refuses a zip whose entry inflates past its declared size', async () => {
    await expectRefusal('zip-bomb-lying.zip', 'ZIP_BOMB', /inflates past its declared 1000 bytes/);
  });
  it('enforces the upload, inflated-size and vertex limits', async () => {
    const buf = fixture('hole-2234.zip');
    await expect(ingestGeography(buf, 'a.zip', { maxUploadBytes: 1000 })).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    await expect(ingestGeography(buf, 'a.zip', { maxUncompressedBytes: 500 })).rejects.toMatchObject({ code: 'ZIP_BOMB' });
    await expect(ingestGeography(buf, 'a.zip', { maxVertices: 10 })).rejects.toMatchObject({ code: 'TOO_MANY_VERTICES' });
    await expect(ingestGeography(buf, 'a.zip', { maxVertices: 11 })).resolves.toMatchObject({ report: { vertexCount: 11 } });
  });
});
