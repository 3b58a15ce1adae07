import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { UnknownSridError } from '@/lib/geo/errors';
import { describeSrid, isKnownSrid, parsePrj, projectToSrid, projectToWgs84 } from '@/lib/geo/projection';

const require = createRequire(import.meta.url);
const NEW_HAVEN = { lon: -72.9279, lat: 41.3083 };
const MM = 0.001;
const MM_IN_US_FT = 0.001 / 0.304800609601219;

describe('projection', () => {
  it('projects to Web Mercator (3857 and the ESRI alias 102100) to the millimetre', () => {
    for (const srid of [3857, 102100, 'EPSG:3857']) {
      const p = projectToSrid(NEW_HAVEN.lon, NEW_HAVEN.lat, srid);
      expect(Math.abs(p.x - -8118296.6926)).toBeLessThan(MM);
      expect(Math.abs(p.y - 5057922.7498)).toBeLessThan(MM);
    }
  });

  it('projects to Connecticut state plane (EPSG:2234, US feet) to the millimetre, matching cs2cs', () => {
    const p = projectToSrid(NEW_HAVEN.lon, NEW_HAVEN.lat, 2234);
    expect(Math.abs(p.x - 951123.6493)).toBeLessThan(MM_IN_US_FT);
    expect(Math.abs(p.y - 673109.4329)).toBeLessThan(MM_IN_US_FT);
  });

  it('round-trips back to WGS84', () => {
    for (const srid of [2234, 3857, 4326, 32618]) {
      const p = projectToSrid(NEW_HAVEN.lon, NEW_HAVEN.lat, srid);
      const back = projectToWgs84(p.x, p.y, srid);
      expect(back.lon).toBeCloseTo(NEW_HAVEN.lon, 8);
      expect(back.lat).toBeCloseTo(NEW_HAVEN.lat, 8);
    }
  });

  it('describes SRIDs with name and units for the admin UI', () => {
    expect(describeSrid(2234)).toMatchObject({ srid: 2234, name: 'NAD83 / Connecticut (ftUS)', units: 'US survey foot' });
    expect(describeSrid(102100)).toMatchObject({ srid: 102100, name: 'WGS 84 / Pseudo-Mercator', units: 'metre' });
    expect(describeSrid(4326)).toMatchObject({ name: 'WGS 84', units: 'degree' });
  });

  it('rejects unknown or malformed SRIDs with a typed error', () => {
    expect(isKnownSrid(2234)).toBe(true);
    expect(isKnownSrid(999999)).toBe(false);
    expect(isKnownSrid('../../package')).toBe(false);
    expect(isKnownSrid(-5)).toBe(false);
    expect(() => projectToSrid(0, 0, 999999)).toThrow(UnknownSridError);
    try {
      describeSrid(999999);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownSridError);
      expect((error as UnknownSridError).code).toBe('UNKNOWN_SRID');
    }
  });

  it('reads a .prj WKT into a working projection and describes it', () => {
    const wkt = (require('epsg-index/s/2234.json') as { wkt: string }).wkt;
    const prj = parsePrj(wkt);
    expect(prj).not.toBeNull();
    expect(prj).toMatchObject({ name: 'NAD83 / Connecticut (ftUS)', units: 'US survey foot', epsg: 2234, geographic: false });
    const [lon, lat] = prj!.toWgs84(951123.6493, 673109.4329);
    expect(lon).toBeCloseTo(NEW_HAVEN.lon, 7);
    expect(lat).toBeCloseTo(NEW_HAVEN.lat, 7);
  });

  it('returns null for a .prj proj4 cannot read', () => {
    expect(parsePrj('')).toBeNull();
    expect(parsePrj('not a coordinate system')).toBeNull();
  });
});
