import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArcgisEmulator, type ArcgisEmulator } from '@/emulators/arcgis/server';

let emu: ArcgisEmulator;
beforeAll(async () => {
  emu = await startArcgisEmulator();
});
afterAll(async () => {
  await emu.close();
});

/** The tile (z, row, col) that holds a lon/lat. */
function tileAt(lon: number, lat: number, z: number): { row: number; col: number } {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return { col: Math.floor(((lon + 180) / 360) * n), row: Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n) };
}

async function tile(z: number, row: number, col: number): Promise<{ status: number; type: string | null; png: PNG | null }> {
  const res = await fetch(`${emu.basemapUrl}/tile/${z}/${row}/${col}`);
  const type = res.headers.get('content-type');
  return { status: res.status, type, png: res.ok ? PNG.sync.read(Buffer.from(await res.arrayBuffer())) : null };
}

function colours(png: PNG): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < png.data.length; i += 4) out.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
  return out;
}

describe('ArcGIS emulator basemap (MapServer tiles)', () => {
  it('describes the tile cache in Web Mercator', async () => {
    const info = (await (await fetch(`${emu.basemapUrl}?f=json`)).json()) as { tileInfo: { rows: number; spatialReference: { wkid: number } } };
    expect(info.tileInfo).toMatchObject({ rows: 256, spatialReference: { wkid: 102100 } });
  });

  it('draws downtown streets, the Capitol grounds and street names as a 256-px PNG', async () => {
    // S 6th St and Adams St cross here (emulators/arcgis/addresses.ts).
    const { row, col } = tileAt(-89.6501, 39.7999, 17);
    const t = await tile(17, row, col);
    expect(t.status).toBe(200);
    expect(t.type).toBe('image/png');
    expect([t.png!.width, t.png!.height]).toEqual([256, 256]);
    const seen = colours(t.png!);
    expect(seen).toContain('255,255,255'); // road
    // Capitol Ave's name and the grounds' label fall in this z16 tile.
    const named = tileAt(-89.6505, 39.7985, 16);
    expect(colours((await tile(16, named.row, named.col)).png!)).toContain('60,60,60');
    const grounds = tileAt(-89.6525, 39.7968, 17);
    expect(colours((await tile(17, grounds.row, grounds.col)).png!)).toContain('205,235,176');
  });

  it('serves an empty background far from Springfield, and 404 outside the tile grid', async () => {
    const far = await tile(17, 0, 0);
    expect([...colours(far.png!)]).toEqual(['242,239,233']);
    expect((await tile(3, 8, 0)).status).toBe(404);
  });
});
