import { createRequire } from 'node:module';
import proj4 from 'proj4';

const require = createRequire(import.meta.url);

/** Esri's own codes for Web Mercator and WGS84 that clients still send. */
const ALIASES: Record<number, number> = { 102100: 3857, 102113: 3857, 900913: 3857, 104199: 4326 };

export class UnknownWkidError extends Error {
  constructor(readonly wkid: number) {
    super(`Unknown spatial reference WKID ${wkid}`);
    this.name = 'UnknownWkidError';
  }
}

function crsName(wkid: number): string {
  const code = ALIASES[wkid] ?? wkid;
  const name = `EPSG:${code}`;
  if (proj4.defs(name)) return name;
  let def: { proj4?: string } | undefined;
  try {
    def = require(`epsg-index/s/${code}.json`) as { proj4?: string };
  } catch {
    throw new UnknownWkidError(wkid);
  }
  if (!def.proj4) throw new UnknownWkidError(wkid);
  proj4.defs(name, def.proj4);
  return name;
}

export function sameWkid(a: number, b: number): boolean {
  return (ALIASES[a] ?? a) === (ALIASES[b] ?? b);
}

/** Projects x/y from `fromWkid` into `toWkid`; identity when both name the same system. */
export function project(x: number, y: number, fromWkid: number, toWkid: number): { x: number; y: number } {
  if (sameWkid(fromWkid, toWkid)) return { x, y };
  const [px, py] = proj4(crsName(fromWkid), crsName(toWkid), [x, y]);
  if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
    throw new UnknownWkidError(fromWkid);
  }
  return { x: px, y: py };
}
