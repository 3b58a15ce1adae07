/**
 * Shapefile ingest: ingestGeography (validation, hole assembly, reprojection, validity, rewinding) vs
 * plain shpjs parsing of the same zip. Each measurement runs in a fresh child process so peak RSS
 * (resourceUsage().maxRSS) belongs to that path alone.
 * Run: npx tsx bench/shapefile-ingest.ts
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectToSrid } from '../lib/geo/projection';
import { encodeUtf8, writeDbf, writeShp, writeZip, type XY } from '../tests/fixtures/geo/shapefile-writer';

const mode = process.argv[2];
if (mode === 'ours' || mode === 'shpjs') {
  const buf = readFileSync(process.argv[3]!);
  const t0 = performance.now();
  let vertices = 0;
  if (mode === 'ours') {
    const { ingestGeography } = await import('../lib/geo/ingest');
    const r = await ingestGeography(buf, 'bench.zip');
    vertices = r.report.vertexCount;
  } else {
    const shp = (await import('shpjs')).default;
    const fc = (await shp(buf)) as unknown as { features: Array<{ geometry: { coordinates: number[][][] | number[][][][] } }> };
    vertices = fc.features.reduce((n, f) => n + (f.geometry.coordinates.flat(3).length / 2), 0);
  }
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024, vertices }));
  process.exit(0);
}

const require = createRequire(import.meta.url);
const WKT_2234 = (require('epsg-index/s/2234.json') as { wkt: string }).wkt;

/** 20 district polygons in EPSG:2234, each ~12,000 vertices with one 500-vertex hole: 250k vertices. */
function buildZip(): Buffer {
  const shapes = [];
  for (let d = 0; d < 20; d++) {
    const cx = -73.4 + 0.3 * (d % 5);
    const cy = 41.1 + 0.25 * Math.floor(d / 5);
    const ring = (r: number, n: number, clockwise: boolean): XY[] => {
      const out: XY[] = [];
      for (let i = 0; i < n; i++) {
        const a = (2 * Math.PI * i) / n * (clockwise ? -1 : 1);
        const rr = r * (0.9 + 0.08 * Math.sin(29 * a));
        const p = projectToSrid(cx + rr * Math.cos(a), cy + rr * Math.sin(a), 2234);
        out.push([p.x, p.y]);
      }
      out.push([...out[0]!]);
      return out;
    };
    shapes.push({ kind: 'polygon' as const, rings: [ring(0.1, 12_000, true), ring(0.03, 500, false)] });
  }
  const { shp, shx } = writeShp(5, shapes);
  const dbf = writeDbf([{ name: 'NAME', length: 40 }], shapes.map((_, i) => [`District ${i + 1}`]), { languageDriver: 0x57, encode: encodeUtf8 });
  return writeZip([
    { name: 'districts.shp', data: shp },
    { name: 'districts.shx', data: shx },
    { name: 'districts.dbf', data: dbf },
    { name: 'districts.prj', data: Buffer.from(WKT_2234) },
  ]);
}

const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'shp-bench-')), 'districts.zip');
const zip = buildZip();
writeFileSync(file, zip);
const self = new URL(import.meta.url).pathname;
const run = (which: string): { ms: number; maxRssMb: number; heapUsedMb: number; vertices: number } => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, which, file], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; maxRssMb: number; heapUsedMb: number; vertices: number };
};
const REPEATS = 3;
const rows = [];
for (const which of ['shpjs', 'ours'] as const) {
  const runs = Array.from({ length: REPEATS }, () => run(which));
  const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
  rows.push({ path: which === 'ours' ? 'ingestGeography (full checks)' : 'shpjs parse only (baseline)', vertices: best.vertices, bestMs: +best.ms.toFixed(0), medianMs: +runs.map((r) => r.ms).sort((a, b) => a - b)[1]!.toFixed(0), peakRssMb: +Math.max(...runs.map((r) => r.maxRssMb)).toFixed(0) });
}
const [baseline, ours] = rows;
console.log(`zip: ${(zip.length / 1024).toFixed(0)} KB, 20 features in EPSG:2234; best and median of ${REPEATS} runs, each in a fresh process; node ${process.version}`);
console.table([...rows, { path: 'ratio (ours / shpjs)', vertices: NaN, bestMs: +(ours!.bestMs / baseline!.bestMs).toFixed(2), medianMs: +(ours!.medianMs / baseline!.medianMs).toFixed(2), peakRssMb: +(ours!.peakRssMb / baseline!.peakRssMb).toFixed(2) }]);
