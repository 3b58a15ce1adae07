/** Spherical Web Mercator (EPSG:3857 / 102100) <-> WGS84, exact for the sphere ArcGIS uses. */
const R = 6378137;

export function toWebMercator(lon: number, lat: number): { x: number; y: number } {
  return { x: (lon * Math.PI * R) / 180, y: R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) };
}

export function fromWebMercator(x: number, y: number): { lon: number; lat: number } {
  return { lon: (x / R) * (180 / Math.PI), lat: (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI) };
}

export function haversineMeters(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

export const WEB_MERCATOR_WKIDS = new Set([3857, 102100, 102113, 900913]);
