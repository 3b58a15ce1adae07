import { PNG } from 'pngjs';

/**
 * A tiled basemap of the emulator's downtown Springfield, served as an ArcGIS MapServer cache
 * (`/tile/{level}/{row}/{column}`, Web Mercator, 256-px PNG tiles), so the demo and the tests show
 * streets with their names without the internet. Streets are the ones the geocoder answers for
 * (addresses.ts) plus the cross streets between them; the Capitol grounds are a green block.
 *
 * Rendering is deliberately tiny: a thick-line rasterizer (pixels within half the width of a
 * segment) and a 5x7 bitmap font, into pngjs.
 */

export const BASEMAP_SERVICE_PATH = '/arcgis/rest/services/Basemaps/Springfield/MapServer';
export const BASEMAP_ATTRIBUTION = 'Springfield GIS (emulated basemap)';

type LonLat = [number, number];
interface Street {
  name: string;
  /** One or more pieces (a street may stop at the Capitol grounds and resume beyond). */
  pieces: LonLat[][];
}

const WEST = -89.66;
const EAST = -89.639;
const SOUTH = 39.792;
const NORTH = 39.806;
export const CAPITOL_GROUNDS = { west: -89.654, east: -89.651, south: 39.796, north: 39.7976 };

const ew = (name: string, lat: number): Street =>
  lat > CAPITOL_GROUNDS.south && lat < CAPITOL_GROUNDS.north
    ? { name, pieces: [[[WEST, lat], [CAPITOL_GROUNDS.west, lat]], [[CAPITOL_GROUNDS.east, lat], [EAST, lat]]] }
    : { name, pieces: [[[WEST, lat], [EAST, lat]]] };
const ns = (name: string, lon: number): Street =>
  lon > CAPITOL_GROUNDS.west && lon < CAPITOL_GROUNDS.east
    ? { name, pieces: [[[lon, SOUTH], [lon, CAPITOL_GROUNDS.south]], [[lon, CAPITOL_GROUNDS.north], [lon, NORTH]]] }
    : { name, pieces: [[[lon, SOUTH], [lon, NORTH]]] };

export const STREETS: readonly Street[] = [
  ew('Jefferson St', 39.8029),
  ew('Washington St', 39.8014),
  ew('Adams St', 39.7999),
  ew('Monroe St', 39.7984),
  ew('Capitol Ave', 39.7969),
  ew('Jackson St', 39.7954),
  ew('Edwards St', 39.7939),
  ns('2nd St', -89.656),
  ns('4th St', -89.6525),
  ns('6th St', -89.6501),
  ns('8th St', -89.6475),
  ns('9th St', -89.6455),
  ns('11th St', -89.642),
];

const BACKGROUND = [242, 239, 233] as const;
const CASING = [196, 190, 180] as const;
const ROAD = [255, 255, 255] as const;
const GROUNDS = [205, 235, 176] as const;
const TEXT = [60, 60, 60] as const;
type Rgb = readonly [number, number, number];

// Global pixel coordinates of a lon/lat at a zoom (Web Mercator, 256-px tiles).
function px(lon: number, lat: number, z: number): [number, number] {
  const scale = 256 * 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale];
}

function roadWidth(z: number): number {
  return z >= 19 ? 34 : z >= 18 ? 24 : z >= 17 ? 16 : z >= 16 ? 9 : z >= 15 ? 5 : z >= 13 ? 2 : 1;
}

class Canvas {
  readonly png = new PNG({ width: 256, height: 256 });
  constructor(
    readonly x0: number,
    readonly y0: number,
  ) {
    const d = this.png.data;
    for (let i = 0; i < d.length; i += 4) {
      d[i] = BACKGROUND[0];
      d[i + 1] = BACKGROUND[1];
      d[i + 2] = BACKGROUND[2];
      d[i + 3] = 255;
    }
  }

  /** Sets a pixel given in global pixel coordinates, if it falls in this tile. */
  set(gx: number, gy: number, c: Rgb): void {
    const x = Math.floor(gx - this.x0);
    const y = Math.floor(gy - this.y0);
    if (x < 0 || y < 0 || x >= 256 || y >= 256) return;
    const i = (y * 256 + x) * 4;
    this.png.data[i] = c[0];
    this.png.data[i + 1] = c[1];
    this.png.data[i + 2] = c[2];
  }

  rect(ax: number, ay: number, bx: number, by: number, c: Rgb): void {
    const xs = Math.max(Math.floor(Math.min(ax, bx)), this.x0);
    const xe = Math.min(Math.ceil(Math.max(ax, bx)), this.x0 + 256);
    const ys = Math.max(Math.floor(Math.min(ay, by)), this.y0);
    const ye = Math.min(Math.ceil(Math.max(ay, by)), this.y0 + 256);
    for (let y = ys; y < ye; y++) for (let x = xs; x < xe; x++) this.set(x, y, c);
  }

  /** A segment `width` pixels wide: every pixel whose centre lies within width/2 of it. */
  line(ax: number, ay: number, bx: number, by: number, width: number, c: Rgb): void {
    const r = width / 2;
    const xs = Math.max(Math.floor(Math.min(ax, bx) - r), this.x0);
    const xe = Math.min(Math.ceil(Math.max(ax, bx) + r), this.x0 + 256);
    const ys = Math.max(Math.floor(Math.min(ay, by) - r), this.y0);
    const ye = Math.min(Math.ceil(Math.max(ay, by) + r), this.y0 + 256);
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy || 1;
    for (let y = ys; y < ye; y++) {
      for (let x = xs; x < xe; x++) {
        const t = Math.max(0, Math.min(1, ((x + 0.5 - ax) * dx + (y + 0.5 - ay) * dy) / len2));
        const ex = ax + t * dx - (x + 0.5);
        const ey = ay + t * dy - (y + 0.5);
        if (ex * ex + ey * ey <= r * r) this.set(x, y, c);
      }
    }
  }

  /** Text in the 5x7 font, `scale` pixels per font pixel, top-left at (gx, gy); vertical stacks letters. */
  text(label: string, gx: number, gy: number, scale: number, vertical: boolean): void {
    [...label.toUpperCase()].forEach((ch, i) => {
      const glyph = FONT[ch] ?? FONT[' ']!;
      const ox = vertical ? gx : gx + i * 6 * scale;
      const oy = vertical ? gy + i * 8 * scale : gy;
      glyph.forEach((row, ry) => {
        for (let rx = 0; rx < 5; rx++) {
          if ((row >> (4 - rx)) & 1) this.rect(ox + rx * scale, oy + ry * scale, ox + (rx + 1) * scale, oy + (ry + 1) * scale, TEXT);
        }
      });
    });
  }
}

export function renderTile(z: number, row: number, col: number): Buffer {
  const canvas = new Canvas(col * 256, row * 256);
  const w = roadWidth(z);
  const [gx0, gy0] = px(CAPITOL_GROUNDS.west, CAPITOL_GROUNDS.north, z);
  const [gx1, gy1] = px(CAPITOL_GROUNDS.east, CAPITOL_GROUNDS.south, z);
  canvas.rect(gx0, gy0, gx1, gy1, GROUNDS);
  // Casings first, then the road fill, so crossings look joined rather than stacked.
  for (const [colour, extra] of [[CASING, 2], [ROAD, 0]] as const) {
    for (const s of STREETS) {
      for (const piece of s.pieces) {
        for (let i = 0; i + 1 < piece.length; i++) {
          const [ax, ay] = px(piece[i]![0], piece[i]![1], z);
          const [bx, by] = px(piece[i + 1]![0], piece[i + 1]![1], z);
          canvas.line(ax, ay, bx, by, w + extra, colour);
        }
      }
    }
  }
  if (z >= 15) {
    const scale = z >= 17 ? 2 : 1;
    const step = 480 * scale;
    for (const s of STREETS) {
      for (const piece of s.pieces) {
        const [ax, ay] = px(piece[0]![0], piece[0]![1], z);
        const [bx, by] = px(piece.at(-1)![0], piece.at(-1)![1], z);
        const vertical = Math.abs(bx - ax) < Math.abs(by - ay);
        const length = vertical ? Math.abs(by - ay) : Math.abs(bx - ax);
        const extent = (vertical ? 8 : 6) * scale * s.name.length;
        // Repeat the name along the street, starting a block in, as long as it fits.
        for (let at = 60 * scale; at + extent < length; at += step + extent) {
          if (vertical) canvas.text(s.name, ax - 2.5 * scale, Math.min(ay, by) + at, scale, true);
          else canvas.text(s.name, Math.min(ax, bx) + at, ay - 3.5 * scale, scale, false);
        }
      }
    }
    if (z >= 16) canvas.text('State Capitol', (gx0 + gx1) / 2 - 39 * scale, (gy0 + gy1) / 2 - 3.5 * scale, scale, false);
  }
  return PNG.sync.write(canvas.png);
}

/** The MapServer's root description, enough for clients that read `tileInfo` before asking for tiles. */
export function basemapServiceInfo(): Record<string, unknown> {
  return {
    currentVersion: 11.1,
    serviceDescription: 'Downtown Springfield streets (emulated)',
    mapName: 'Springfield',
    copyrightText: BASEMAP_ATTRIBUTION,
    singleFusedMapCache: true,
    spatialReference: { wkid: 102100, latestWkid: 3857 },
    tileInfo: {
      rows: 256,
      cols: 256,
      dpi: 96,
      format: 'PNG',
      origin: { x: -20037508.342787, y: 20037508.342787 },
      spatialReference: { wkid: 102100, latestWkid: 3857 },
      lods: Array.from({ length: 20 }, (_, level) => ({ level, resolution: 156543.03392800014 / 2 ** level, scale: 591657527.591555 / 2 ** level })),
    },
    capabilities: 'Map,TilesOnly',
  };
}

// 5x7 glyphs, one number per row, most significant of 5 bits on the left.
const G = (...rows: string[]): number[] => rows.map((r) => parseInt(r, 2));
const FONT: Record<string, number[]> = {
  ' ': G('00000', '00000', '00000', '00000', '00000', '00000', '00000'),
  '.': G('00000', '00000', '00000', '00000', '00000', '01100', '01100'),
  '&': G('01100', '10010', '10100', '01000', '10101', '10010', '01101'),
  A: G('01110', '10001', '10001', '11111', '10001', '10001', '10001'),
  B: G('11110', '10001', '10001', '11110', '10001', '10001', '11110'),
  C: G('01110', '10001', '10000', '10000', '10000', '10001', '01110'),
  D: G('11110', '10001', '10001', '10001', '10001', '10001', '11110'),
  E: G('11111', '10000', '10000', '11110', '10000', '10000', '11111'),
  F: G('11111', '10000', '10000', '11110', '10000', '10000', '10000'),
  G: G('01110', '10001', '10000', '10111', '10001', '10001', '01111'),
  H: G('10001', '10001', '10001', '11111', '10001', '10001', '10001'),
  I: G('01110', '00100', '00100', '00100', '00100', '00100', '01110'),
  J: G('00111', '00010', '00010', '00010', '00010', '10010', '01100'),
  K: G('10001', '10010', '10100', '11000', '10100', '10010', '10001'),
  L: G('10000', '10000', '10000', '10000', '10000', '10000', '11111'),
  M: G('10001', '11011', '10101', '10101', '10001', '10001', '10001'),
  N: G('10001', '10001', '11001', '10101', '10011', '10001', '10001'),
  O: G('01110', '10001', '10001', '10001', '10001', '10001', '01110'),
  P: G('11110', '10001', '10001', '11110', '10000', '10000', '10000'),
  Q: G('01110', '10001', '10001', '10001', '10101', '10010', '01101'),
  R: G('11110', '10001', '10001', '11110', '10100', '10010', '10001'),
  S: G('01111', '10000', '10000', '01110', '00001', '00001', '11110'),
  T: G('11111', '00100', '00100', '00100', '00100', '00100', '00100'),
  U: G('10001', '10001', '10001', '10001', '10001', '10001', '01110'),
  V: G('10001', '10001', '10001', '10001', '10001', '01010', '00100'),
  W: G('10001', '10001', '10001', '10101', '10101', '10101', '01010'),
  X: G('10001', '10001', '01010', '00100', '01010', '10001', '10001'),
  Y: G('10001', '10001', '01010', '00100', '00100', '00100', '00100'),
  Z: G('11111', '00001', '00010', '00100', '01000', '10000', '11111'),
  '0': G('01110', '10001', '10011', '10101', '11001', '10001', '01110'),
  '1': G('00100', '01100', '00100', '00100', '00100', '00100', '01110'),
  '2': G('01110', '10001', '00001', '00010', '00100', '01000', '11111'),
  '3': G('11111', '00010', '00100', '00010', '00001', '10001', '01110'),
  '4': G('00010', '00110', '01010', '10010', '11111', '00010', '00010'),
  '5': G('11111', '10000', '11110', '00001', '00001', '10001', '01110'),
  '6': G('00110', '01000', '10000', '11110', '10001', '10001', '01110'),
  '7': G('11111', '00001', '00010', '00100', '01000', '01000', '01000'),
  '8': G('01110', '10001', '10001', '01110', '10001', '10001', '01110'),
  '9': G('01110', '10001', '10001', '01111', '00001', '00010', '01100'),
};
