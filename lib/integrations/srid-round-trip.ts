import type { Db } from '@/lib/db';
import { projectToSrid, projectToWgs84 } from '@/lib/geo/projection';

export interface SridRoundTrip {
  srid: number;
  point: { lon: number; lat: number };
  pointSource: 'agency' | 'fallback';
  projected: { x: number; y: number } | null;
  /** Distance between the point and its round trip, in metres. */
  errorMeters: number | null;
  ok: boolean;
  message: string;
}

// Centre of the contiguous United States, used before any agency geography is loaded.
const FALLBACK = { lon: -98.5795, lat: 39.8283 };
const TOLERANCE_METERS = 0.01;

/** A point inside the organization: the centre of its agencies' bounding boxes. */
export async function organizationPoint(tx: Pick<Db, 'agency'>, organizationId: string): Promise<{ lon: number; lat: number } | null> {
  const agencies = await tx.agency.findMany({ where: { organizationId }, select: { bbox: true } });
  const boxes = agencies.map((a) => a.bbox).filter((b): b is [number, number, number, number] => Array.isArray(b) && b.length === 4 && b.every((n) => typeof n === 'number'));
  if (boxes.length === 0) return null;
  const minLon = Math.min(...boxes.map((b) => b[0]));
  const minLat = Math.min(...boxes.map((b) => b[1]));
  const maxLon = Math.max(...boxes.map((b) => b[2]));
  const maxLat = Math.max(...boxes.map((b) => b[3]));
  return { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
}

function metersBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const r = 6_371_008.8;
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Projects the point to the SRID and back; a projection that does not return to within 1 cm is refused. */
export function sridRoundTrip(srid: number, point: { lon: number; lat: number } | null): SridRoundTrip {
  const p = point ?? FALLBACK;
  const pointSource = point ? 'agency' : 'fallback';
  try {
    const projected = projectToSrid(p.lon, p.lat, srid);
    const back = projectToWgs84(projected.x, projected.y, srid);
    const finite = [projected.x, projected.y, back.lon, back.lat].every(Number.isFinite);
    const errorMeters = finite ? metersBetween(p, back) : null;
    const ok = errorMeters !== null && errorMeters <= TOLERANCE_METERS;
    return {
      srid,
      point: p,
      pointSource,
      projected: finite ? projected : null,
      errorMeters,
      ok,
      message: ok
        ? `(${p.lon.toFixed(5)}, ${p.lat.toFixed(5)}) → X ${projected.x.toFixed(2)}, Y ${projected.y.toFixed(2)} in SRID ${srid} → back within ${(errorMeters * 1000).toFixed(2)} mm.`
        : `SRID ${srid} does not project (${p.lon.toFixed(5)}, ${p.lat.toFixed(5)}) and back reliably; check that this SRID covers your city.`,
    };
  } catch (err) {
    return {
      srid,
      point: p,
      pointSource,
      projected: null,
      errorMeters: null,
      ok: false,
      message: `SRID ${srid} could not be used: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
