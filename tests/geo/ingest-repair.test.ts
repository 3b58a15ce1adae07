import { readFileSync } from 'node:fs';
import path from 'node:path';
import turfArea from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { GeoIngestError } from '@/lib/geo/errors';
import { ingestGeography, type IngestResult } from '@/lib/geo/ingest';
import { makeValidPolygon } from '@/lib/geo/make-valid';
import { findEdgeConflicts, findSelfTouches } from '@/lib/geo/validity';
import type { Ring } from '@/lib/geo/types';

const fixture = (name: string): Buffer => readFileSync(path.join(import.meta.dirname, '../fixtures/geo', name));
const ingest = (name: string, options = {}): Promise<IngestResult> => ingestGeography(fixture(name), name, {}, options);
const json = (doc: unknown): Buffer => Buffer.from(JSON.stringify(doc));

/** Every polygon of the output must be OGC-valid: no crossing, overlapping or self-touching ring. */
function expectValid(r: IngestResult): void {
  for (const polygon of r.geometry.coordinates) {
    const rings = polygon as Ring[];
    expect(findEdgeConflicts(rings)).toEqual([]);
    for (const ring of rings) expect(findSelfTouches(ring)).toEqual([]);
  }
}

describe('make-valid repairs instead of refusing', () => {
  it('splits a bow-tie into its two lobes, keeps both, and reports where and how much area', async () => {
    const r = await ingest('bowtie.zip');
    expectValid(r);
    const note = r.report.repaired.find((n) => n.kind === 'made-valid');
    expect(note).toMatchObject({ feature: 2, ring: 1 });
    expect(note!.message).toMatch(/feature 2 ring 1 crossed itself near \(-72\.850000, 41\.350000\).*2 polygons/);
    expect(note!.points).toEqual([[expect.closeTo(-72.85, 9), expect.closeTo(41.35, 9)]]);
    // Drawn, the lobes wind opposite ways and cancel; repaired, both count.
    expect(note!.areaBeforeM2!).toBeLessThan(1);
    expect(note!.areaAfterM2!).toBeGreaterThan(40e6);
    expect(note!.geometry!.coordinates).toHaveLength(2);
    // Feature 1 plus the two lobes.
    expect(r.report.partCount).toBe(3);
    expect(booleanPointInPolygon([-72.88, 41.35], r.geometry)).toBe(true); // west lobe
    expect(booleanPointInPolygon([-72.82, 41.35], r.geometry)).toBe(true); // east lobe
    expect(booleanPointInPolygon([-72.85, 41.32], r.geometry)).toBe(false); // below the waist
  });

  it('turns a self-touching ring (inverted hole) into a polygon with a real hole', async () => {
    const r = await ingest('self-touching.zip');
    expectValid(r);
    expect(r.report).toMatchObject({ partCount: 1, holeCount: 1 });
    const note = r.report.repaired.find((n) => n.kind === 'made-valid')!;
    expect(note.message).toMatch(/feature 1 ring 1 touched itself/);
    expect(note.points).toEqual([[expect.closeTo(-72.85, 9), 41.2]]);
    // The diamond is 12 of the square's 100 grid cells; even-odd reading already left it out.
    expect(note.areaAfterM2! / note.areaBeforeM2!).toBeCloseTo(1, 6);
    expect(turfArea(r.geometry)).toBeCloseTo(note.areaAfterM2!, 0);
    expect(booleanPointInPolygon([-72.85, 41.23], r.geometry)).toBe(false); // inside the diamond
    expect(booleanPointInPolygon([-72.89, 41.28], r.geometry)).toBe(true);
  });

  it('cuts a hole that crosses its exterior out of it (GeoJSON)', async () => {
    const r = await ingestGeography(
      json({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[3, 1], [3, 3], [5, 3], [5, 1], [3, 1]]] }),
      'cut.json',
    );
    expectValid(r);
    expect(r.report.repaired[0]!.message).toMatch(/rings 1, 2 crossed another ring/);
    expect(booleanPointInPolygon([3.5, 2], r.geometry)).toBe(false);
    expect(booleanPointInPolygon([1, 2], r.geometry)).toBe(true);
  });

  it('leaves nothing of a ring that encloses no area, and still refuses a hole outside its exterior', async () => {
    // A triangle traced forwards then backwards: every point has winding 0, so make-valid keeps nothing
    // (ingest then refuses the polygon rather than store an empty one).
    const folded: Ring = [[0, 0], [1, 0], [1, 1], [0, 0], [1, 1], [1, 0], [0, 0]];
    expect(makeValidPolygon([folded])).toEqual([]);
    const outside = json({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], [[5, 5], [5, 6], [6, 6], [6, 5], [5, 5]]] });
    const error = await ingestGeography(outside, 'o.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeoIngestError);
    expect((error as GeoIngestError).message).toMatch(/hole outside/);
  });
});

describe('longitude/latitude without a .prj', () => {
  it('accepts a world-extent file reaching ±180/±90 and one a hair past the edge, clamped into range', async () => {
    const r = await ingest('world-no-prj.zip');
    expect(r.report.coordinateSystem.source).toBe('none');
    expect(r.bbox).toEqual([-180, -90, 180, 90]);
    expect(r.geometry.coordinates.flat(2).every(([x, y]) => x! >= -180 && x! <= 180 && y! >= -90 && y! <= 90)).toBe(true);
  });

  it('still refuses coordinates clearly beyond degrees', async () => {
    const far = json({ type: 'Polygon', coordinates: [[[0, 0], [180.01, 0], [180.01, 1], [0, 1], [0, 0]]] });
    await expect(ingestGeography(far, 'far.json')).rejects.toMatchObject({ code: 'COORDINATES_NOT_LONLAT' });
  });
});

describe('DBF encoding override', () => {
  it('re-reads the attributes with the encoding the admin chose and says so', async () => {
    const detected = await ingest('hole-2234.zip');
    expect(detected.featureProperties).toEqual([{ NAME: 'Café Ñandú' }]);
    const forced = await ingest('hole-2234.zip', { dbfEncoding: 'windows-1252' });
    // UTF-8 bytes read as Windows-1252: the classic mojibake, proving the override took effect.
    expect(forced.featureProperties).toEqual([{ NAME: 'CafÃ© Ã‘andÃº' }]);
    expect(forced.report.dbfEncoding).toMatchObject({ label: 'windows-1252', source: 'override' });
  });

  it('refuses an encoding outside the offered list', async () => {
    await expect(ingest('hole-2234.zip', { dbfEncoding: 'utf-7' })).rejects.toMatchObject({ code: 'DBF_ENCODING_UNSUPPORTED' });
  });
});
