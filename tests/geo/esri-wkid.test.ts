import { describe, expect, it } from 'vitest';
import { describeSrid, isKnownSrid, projectToSrid, projectToWgs84 } from '@/lib/geo/projection';
import { sridRoundTrip } from '@/lib/integrations/srid-round-trip';

const US_FT = 0.3048006096012192;

/**
 * Reference values computed once with PROJ 9.1.1 (Debian proj-bin), input as lat lon:
 *   echo "<lat> <lon>" | cs2cs -d 6 EPSG:4326 ESRI:<wkid>
 * For the NAD83 systems PROJ picks "Inverse of NAD83 to WGS 84 (1)", a null datum shift, which is
 * what proj4 applies too; 102003 is an Esri-only code (no EPSG twin) so it proves the Esri list is read.
 */
const REFERENCE: ReadonlyArray<{ wkid: number; lon: number; lat: number; x: number; y: number; unitMetres: number }> = [
  { wkid: 102671, lon: -87.6298, lat: 41.8781, x: 1175844.396567, y: 1898954.876266, unitMetres: US_FT },
  { wkid: 102671, lon: -88.2434, lat: 40.1164, x: 1009402.532326, y: 1256324.35049, unitMetres: US_FT },
  { wkid: 102643, lon: -122.4194, lat: 37.7749, x: 6006957.098098, y: 2110309.181131, unitMetres: US_FT },
  { wkid: 102643, lon: -121.8863, lat: 37.3382, x: 6158655.058602, y: 1948598.417465, unitMetres: US_FT },
  { wkid: 102729, lon: -75.1652, lat: 39.9526, x: 2693060.216546, y: 236194.916338, unitMetres: US_FT },
  { wkid: 102729, lon: -76.8867, lat: 40.2732, x: 2209385.632251, y: 343557.786429, unitMetres: US_FT },
  { wkid: 102003, lon: -98.5795, lat: 39.8283, x: -218779.421701, y: 263921.507301, unitMetres: 1 },
  { wkid: 102003, lon: -122.3321, lat: 47.6062, x: -1967991.169007, y: 1402324.878639, unitMetres: 1 },
];

describe('Esri WKIDs', () => {
  it.each(REFERENCE)('projects ($lon, $lat) to WKID $wkid within 1 mm of PROJ', ({ wkid, lon, lat, x, y, unitMetres }) => {
    const p = projectToSrid(lon, lat, wkid);
    const errorMetres = Math.hypot(p.x - x, p.y - y) * unitMetres;
    expect(errorMetres).toBeLessThan(0.001);
  });

  it.each(REFERENCE)('round-trips WKID $wkid back to WGS84 within 1 mm', ({ wkid, lon, lat }) => {
    const p = projectToSrid(lon, lat, wkid);
    const back = projectToWgs84(p.x, p.y, wkid);
    // 1e-8 degree is about 1.1 mm of latitude.
    expect(Math.abs(back.lon - lon)).toBeLessThan(1e-8);
    expect(Math.abs(back.lat - lat)).toBeLessThan(1e-8);
    const trip = sridRoundTrip(wkid, { lon, lat });
    expect(trip.ok).toBe(true);
    expect(trip.errorMeters).toBeLessThan(0.001);
  });

  it('describes an Esri WKID with the name, units and area Esri gives', () => {
    expect(isKnownSrid(102671)).toBe(true);
    expect(isKnownSrid('102729')).toBe(true);
    expect(describeSrid(102671)).toEqual({
      srid: 102671,
      name: 'NAD 1983 StatePlane Illinois East FIPS 1201 (US Feet)',
      units: 'Foot US',
      area: 'USA - Illinois - SPCS - E',
    });
  });

  it('still refuses a code that is neither EPSG nor Esri', () => {
    expect(isKnownSrid(999_999)).toBe(false);
    expect(isKnownSrid(102_999_999)).toBe(false);
  });
});
