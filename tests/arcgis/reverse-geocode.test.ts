import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPRINGFIELD_ADDRESSES } from '@/emulators/arcgis/addresses';
import { toWebMercator } from '@/emulators/arcgis/geometry';
import { startArcgisEmulator, type ArcgisEmulator } from '@/emulators/arcgis/server';
import { ArcgisError, reverseGeocode } from '@/lib/arcgis';
import { classifyError } from '@/lib/sync/retry-classifier';
import { rejectionOf } from '../support/rejection-of';

const OLD_CAPITOL = SPRINGFIELD_ADDRESSES.find((a) => a.street === 'S 6th St' && a.addNum === '700')!;

async function rawGet(url: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/reverseGeocode?${new URLSearchParams(params)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('ArcGIS reverseGeocode against the emulator (no token)', () => {
  let emu: ArcgisEmulator;
  beforeAll(async () => {
    emu = await startArcgisEmulator();
  });
  afterAll(() => emu.close());

  it('seeds about thirty distinct addresses around downtown Springfield', () => {
    expect(SPRINGFIELD_ADDRESSES.length).toBe(30);
    const labels = new Set(SPRINGFIELD_ADDRESSES.map((a) => `${a.addNum} ${a.street}`));
    expect(labels.size).toBe(30);
    for (const a of SPRINGFIELD_ADDRESSES) {
      expect(Math.abs(a.lon + 89.65)).toBeLessThan(0.01);
      expect(Math.abs(a.lat - 39.8)).toBeLessThan(0.01);
    }
  });

  it('returns the nearest address for a point a few metres away', async () => {
    const result = await reverseGeocode({ url: emu.url }, { lon: OLD_CAPITOL.lon + 0.0001, lat: OLD_CAPITOL.lat + 0.0001 });
    expect(result).not.toBeNull();
    expect(result!.address).toBe('700 S 6th St, Springfield, IL, 62701');
    expect(result!.shortLabel).toBe('700 S 6th St');
    expect(result!.addNum).toBe('700');
    expect(result!.street).toBe('700 S 6th St');
    expect(result!.city).toBe('Springfield');
    expect(result!.region).toBe('Illinois');
    expect(result!.postal).toBe('62701');
    expect(result!.countryCode).toBe('USA');
    expect(result!.addrType).toBe('PointAddress');
    expect(result!.location!.lon).toBeCloseTo(OLD_CAPITOL.lon, 6);
    expect(result!.location!.lat).toBeCloseTo(OLD_CAPITOL.lat, 6);
  });

  it('sends the point as JSON in WGS84 by POST with distance, outSR and f=json', async () => {
    const before = emu.calls.length;
    await reverseGeocode({ url: emu.url }, { lon: -89.6501, lat: 39.7992, distanceMeters: 50 });
    const call = emu.calls[before]!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/arcgis/rest/services/Locators/Springfield/GeocodeServer/reverseGeocode');
    expect(JSON.parse(call.params.location!)).toEqual({ x: -89.6501, y: 39.7992, spatialReference: { wkid: 4326 } });
    expect(call.params).toMatchObject({ distance: '50', outSR: '4326', f: 'json' });
    expect(call.params.token).toBeUndefined();
  });

  it('returns null when no address lies within the distance (Esri error 400 body)', async () => {
    // Far outside town, and then inside town but with a radius too small to reach any address.
    expect(await reverseGeocode({ url: emu.url }, { lon: -89.0, lat: 40.2 })).toBeNull();
    expect(await reverseGeocode({ url: emu.url }, { lon: OLD_CAPITOL.lon + 0.0005, lat: OLD_CAPITOL.lat, distanceMeters: 10 })).toBeNull();
    const body = await rawGet(emu.url, { location: '-89.0,40.2', f: 'json' });
    expect(body).toEqual({
      error: {
        code: 400,
        message: 'Cannot perform query. Invalid query parameters.',
        details: ['Unable to find address for the specified location.'],
      },
    });
  });

  it('takes location as "x,y" and as a Web Mercator point, and answers in outSR 102100 with latestWkid 3857', async () => {
    const xy = await rawGet(emu.url, { location: `${OLD_CAPITOL.lon},${OLD_CAPITOL.lat}`, f: 'json' });
    expect((xy.address as Record<string, string>).ShortLabel).toBe('700 S 6th St');
    expect((xy.location as { spatialReference: unknown }).spatialReference).toEqual({ wkid: 4326, latestWkid: 4326 });

    const m = toWebMercator(OLD_CAPITOL.lon, OLD_CAPITOL.lat);
    const point = JSON.stringify({ x: m.x + 5, y: m.y - 5, spatialReference: { wkid: 102100, latestWkid: 3857 } });
    const merc = await rawGet(emu.url, { location: point, outSR: '102100', f: 'json' });
    const loc = merc.location as { x: number; y: number; spatialReference: unknown };
    expect((merc.address as Record<string, string>).ShortLabel).toBe('700 S 6th St');
    expect(loc.spatialReference).toEqual({ wkid: 102100, latestWkid: 3857 });
    expect(loc.x).toBeCloseTo(m.x, 3);
    expect(loc.y).toBeCloseTo(m.y, 3);
    const out3857 = await rawGet(emu.url, { location: point, outSR: '3857', f: 'json' });
    expect((out3857.location as { spatialReference: unknown }).spatialReference).toEqual({ wkid: 102100, latestWkid: 3857 });
  });

  it('pretty-prints for f=pjson and answers GET as well as POST', async () => {
    const res = await fetch(`${emu.url}/reverseGeocode?location=${OLD_CAPITOL.lon},${OLD_CAPITOL.lat}&f=pjson`);
    const text = await res.text();
    expect(text).toContain('\n  "address": {');
    expect(JSON.parse(text).address.Match_addr).toBe('700 S 6th St, Springfield, IL, 62701');
  });

  it('reports an unparsable location as an Esri error body', async () => {
    const body = await rawGet(emu.url, { location: 'not-a-point', f: 'json' });
    expect((body.error as { code: number }).code).toBe(400);
  });
});

describe('ArcGIS token handling', () => {
  let emu: ArcgisEmulator;
  beforeAll(async () => {
    emu = await startArcgisEmulator({ requireToken: true, tokens: ['good-token-123'] });
  });
  afterAll(() => emu.close());

  it('answers 499 Token Required as a 200 body and the client raises a non-retryable token error', async () => {
    const body = await rawGet(emu.url, { location: `${OLD_CAPITOL.lon},${OLD_CAPITOL.lat}`, f: 'json' });
    expect(body).toEqual({ error: { code: 499, message: 'Token Required', messageCode: 'GWM_0003', details: ['Token Required'] } });
    const err = await rejectionOf(reverseGeocode({ url: emu.url }, { lon: OLD_CAPITOL.lon, lat: OLD_CAPITOL.lat }), ArcgisError);
    expect(err.kind).toBe('token');
    expect(err.arcgisCode).toBe(499);
    expect(err.retryable).toBe(false);
    expect(classifyError(err)).toMatchObject({ retryable: false, errorClass: 'arcgis.token' });
  });

  it('answers 498 for an invalid token', async () => {
    const err = await rejectionOf(reverseGeocode({ url: emu.url, token: 'wrong' }, { lon: OLD_CAPITOL.lon, lat: OLD_CAPITOL.lat }), ArcgisError);
    expect(err.arcgisCode).toBe(498);
    expect(err.reason).toMatch(/invalid or expired/);
    expect(JSON.stringify(err)).not.toContain('wrong');
  });

  it('geocodes with a valid token, sent in the form body', async () => {
    const before = emu.calls.length;
    const result = await reverseGeocode({ url: emu.url, token: 'good-token-123' }, { lon: OLD_CAPITOL.lon, lat: OLD_CAPITOL.lat });
    expect(result?.shortLabel).toBe('700 S 6th St');
    expect(emu.calls[before]!.params.token).toBe('good-token-123');
  });
});

describe('ArcGIS transport failures', () => {
  let server: Server;
  let base: string;
  let mode: 'hang' | 'html' | 'http503';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      if (mode === 'hang') return; // never answers
      if (mode === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><title>Sign in</title></html>');
        return;
      }
      res.writeHead(503, { 'retry-after': '7' });
      res.end('busy');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/arcgis/rest/services/X/GeocodeServer`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('times out a hanging server with a retryable timeout error', async () => {
    mode = 'hang';
    const err = await rejectionOf(reverseGeocode({ url: base, timeoutMs: 150 }, { lon: -89.65, lat: 39.8 }), ArcgisError);
    expect(err.kind).toBe('timeout');
    expect(classifyError(err)).toMatchObject({ retryable: true, errorClass: 'arcgis.timeout' });
  });

  it('rejects an HTML page as not ArcGIS', async () => {
    mode = 'html';
    const err = await rejectionOf(reverseGeocode({ url: base }, { lon: -89.65, lat: 39.8 }), ArcgisError);
    expect(err.kind).toBe('not-arcgis');
    expect(err.retryable).toBe(false);
  });

  it('treats HTTP 503 as retryable and keeps Retry-After', async () => {
    mode = 'http503';
    const err = await rejectionOf(reverseGeocode({ url: base }, { lon: -89.65, lat: 39.8 }), ArcgisError);
    expect(err).toMatchObject({ kind: 'http', httpStatus: 503, retryable: true, retryAfterMs: 7000 });
    expect(classifyError(err).retryAfterMs).toBe(7000);
  });

  it('reports a refused connection as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await rejectionOf(reverseGeocode({ url: `http://127.0.0.1:${port}/x/GeocodeServer` }, { lon: -89.65, lat: 39.8 }), ArcgisError);
    expect(err).toMatchObject({ kind: 'network', causeCode: 'ECONNREFUSED', retryable: true });
  });
});
