import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPRINGFIELD_ADDRESSES } from '@/emulators/arcgis/addresses';
import { toWebMercator } from '@/emulators/arcgis/geometry';
import { startArcgisEmulator, type ArcgisEmulator } from '@/emulators/arcgis/server';
import { ArcgisError, findAddressCandidates } from '@/lib/arcgis';
import { classifyError } from '@/lib/sync/retry-classifier';
import { rejectionOf } from '../support/rejection-of';

const E_ADAMS_201 = SPRINGFIELD_ADDRESSES.find((a) => a.street === 'E Adams St' && a.addNum === '201')!;

async function rawFind(url: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/findAddressCandidates?${new URLSearchParams({ f: 'json', ...params })}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('ArcGIS findAddressCandidates against the emulator (no token)', () => {
  let emu: ArcgisEmulator;
  beforeAll(async () => {
    emu = await startArcgisEmulator();
  });
  afterAll(() => emu.close());

  it('finds a full address as a 100 match first, in WGS84, with the rest of its street below', async () => {
    const found = await findAddressCandidates({ url: emu.url }, '201 e adams st');
    expect(found[0]).toEqual({ address: '201 E Adams St, Springfield, IL, 62701', lon: E_ADAMS_201.lon, lat: E_ADAMS_201.lat, score: 100 });
    expect(found.slice(1).map((c) => c.address)).toEqual(['301 E Adams St, Springfield, IL, 62701', '401 E Adams St, Springfield, IL, 62701']);
    expect(found.slice(1).every((c) => c.score < 100)).toBe(true);
  });

  it('reads the usual spellings and ignores the city, state and ZIP', async () => {
    const found = await findAddressCandidates({ url: emu.url }, '201 East Adams Street, Springfield, IL 62701');
    expect(found[0]).toMatchObject({ address: '201 E Adams St, Springfield, IL, 62701', score: 100 });
  });

  it('matches a street name alone to every address on it with a lower score, nearest house number first', async () => {
    const street = await findAddressCandidates({ url: emu.url }, 'S 6th St', { maxLocations: 10 });
    expect(street.map((c) => c.address)).toEqual(['500', '600', '700', '800', '900'].map((n) => `${n} S 6th St, Springfield, IL, 62701`));
    expect(new Set(street.map((c) => c.score))).toEqual(new Set([80]));

    // 101 is not a seeded number: its street still answers, 201 (nearest) first.
    const unknownNumber = await findAddressCandidates({ url: emu.url }, '101 E Adams');
    expect(unknownNumber.map((c) => c.address)).toEqual(['201 E Adams St', '301 E Adams St', '401 E Adams St'].map((a) => `${a}, Springfield, IL, 62701`));
    expect(unknownNumber.every((c) => c.score < 80)).toBe(true);

    // Without the directional both halves of the street match; the typed number ranks its two addresses first.
    const both = await findAddressCandidates({ url: emu.url }, '201 Adams');
    expect(both.slice(0, 2).map((c) => c.address)).toEqual(['201 E Adams St, Springfield, IL, 62701', '201 W Adams St, Springfield, IL, 62701']);
    expect(both[0]!.score).toBeGreaterThan(both[2]!.score);
  });

  it('returns an empty list when nothing matches', async () => {
    expect(await findAddressCandidates({ url: emu.url }, '12 Elm Street')).toEqual([]);
    expect(await findAddressCandidates({ url: emu.url }, 'Springfield, IL')).toEqual([]);
    expect(await rawFind(emu.url, { SingleLine: '12 Elm Street' })).toEqual({ spatialReference: { wkid: 4326, latestWkid: 4326 }, candidates: [] });
  });

  it('sends SingleLine, outSR 4326, maxLocations and f=json by POST to the operation of a pasted operation URL', async () => {
    const before = emu.calls.length;
    await findAddressCandidates({ url: `${emu.url}/reverseGeocode/` }, '201 E Adams St', { maxLocations: 3 });
    const call = emu.calls[before]!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/arcgis/rest/services/Locators/Springfield/GeocodeServer/findAddressCandidates');
    expect(call.params).toEqual({ SingleLine: '201 E Adams St', outSR: '4326', maxLocations: '3', f: 'json' });
  });

  it('answers as Esri does: spatial reference, candidates with score, empty attributes and an extent; maxLocations caps the list', async () => {
    const body = await rawFind(emu.url, { SingleLine: '201 E Adams St', maxLocations: '1' });
    expect(body).toEqual({
      spatialReference: { wkid: 4326, latestWkid: 4326 },
      candidates: [
        {
          address: '201 E Adams St, Springfield, IL, 62701',
          location: { x: E_ADAMS_201.lon, y: E_ADAMS_201.lat },
          score: 100,
          attributes: {},
          extent: expect.objectContaining({ xmin: expect.any(Number), ymin: expect.any(Number), xmax: expect.any(Number), ymax: expect.any(Number) }),
        },
      ],
    });
    const [c] = body.candidates as { extent: { xmin: number; ymin: number; xmax: number; ymax: number } }[];
    expect(c!.extent.xmin).toBeLessThan(E_ADAMS_201.lon);
    expect(c!.extent.xmax).toBeGreaterThan(E_ADAMS_201.lon);
    expect(c!.extent.ymin).toBeLessThan(E_ADAMS_201.lat);
    expect(c!.extent.ymax).toBeGreaterThan(E_ADAMS_201.lat);
    // Five by default.
    expect((await rawFind(emu.url, { SingleLine: 'Adams' })).candidates).toHaveLength(5);
  });

  it('answers in Web Mercator for outSR 102100 and 3857, and takes `address` and any parameter case', async () => {
    const m = toWebMercator(E_ADAMS_201.lon, E_ADAMS_201.lat);
    for (const outSR of ['102100', '3857']) {
      const body = await rawFind(emu.url, { singleline: '201 E Adams St', outSR, maxLocations: '1' });
      expect(body.spatialReference).toEqual({ wkid: 102100, latestWkid: 3857 });
      const [c] = body.candidates as { location: { x: number; y: number } }[];
      expect(c!.location.x).toBeCloseTo(m.x, 3);
      expect(c!.location.y).toBeCloseTo(m.y, 3);
    }
    const legacy = await rawFind(emu.url, { address: '201 E Adams St', maxLocations: '1' });
    expect((legacy.candidates as { address: string }[])[0]!.address).toBe('201 E Adams St, Springfield, IL, 62701');
  });

  it('keeps to a searchExtent, sent by the client as a WGS84 envelope; the emulator also reads the comma form and Web Mercator', async () => {
    const westOf6th = { west: -89.66, south: 39.79, east: -89.651, north: 39.81 };
    expect(await findAddressCandidates({ url: emu.url }, '201 E Adams St', { searchExtent: westOf6th })).toEqual([]);
    expect((await findAddressCandidates({ url: emu.url }, 'Adams', { searchExtent: westOf6th })).map((c) => c.address)).toEqual(
      ['201 W Adams St', '301 W Adams St'].map((a) => `${a}, Springfield, IL, 62701`),
    );
    const sent = emu.calls.at(-1)!.params.searchExtent!;
    expect(JSON.parse(sent)).toEqual({ xmin: -89.66, ymin: 39.79, xmax: -89.651, ymax: 39.81, spatialReference: { wkid: 4326 } });

    const names = (body: Record<string, unknown>) => (body.candidates as { address: string }[]).map((c) => c.address.split(',')[0]);
    expect(names(await rawFind(emu.url, { SingleLine: 'Adams', searchExtent: '-89.65,39.79,-89.64,39.81' }))).toEqual(['201 E Adams St', '301 E Adams St', '401 E Adams St']);
    const sw = toWebMercator(-89.66, 39.79);
    const ne = toWebMercator(-89.651, 39.81);
    const mercator = JSON.stringify({ xmin: sw.x, ymin: sw.y, xmax: ne.x, ymax: ne.y, spatialReference: { wkid: 102100 } });
    expect(names(await rawFind(emu.url, { SingleLine: 'Adams', searchExtent: mercator }))).toEqual(['201 W Adams St', '301 W Adams St']);
    expect(((await rawFind(emu.url, { SingleLine: 'Adams', searchExtent: '1,2,3' })).error as { code: number }).code).toBe(400);
  });

  it('answers an empty SingleLine or a bad outSR with the Esri 400 error body, which the client reports as a service error', async () => {
    expect(await rawFind(emu.url, { SingleLine: '  ' })).toEqual({
      error: { code: 400, message: 'Unable to complete operation.', details: ["'SingleLine' parameter is required."] },
    });
    expect(((await rawFind(emu.url, { SingleLine: 'Adams', outSR: '2249' })).error as { code: number }).code).toBe(400);
    const err = await rejectionOf(findAddressCandidates({ url: emu.url }, ''), ArcgisError);
    expect(err).toMatchObject({ kind: 'service', operation: 'findAddressCandidates', arcgisCode: 400, retryable: false });
    expect(err.reason).toBe("The geocoder refused the request (400: Unable to complete operation: 'SingleLine' parameter is required).");
    expect(err.message).toMatch(/^ArcGIS findAddressCandidates failed \(service\)/);
  });

  it('lists findAddressCandidates among the service capabilities with its single-line field', async () => {
    const info = (await (await fetch(`${emu.url}?f=json`)).json()) as { capabilities: string; singleLineAddressField: { name: string } };
    expect(info.capabilities.split(',')).toContain('Geocode');
    expect(info.singleLineAddressField.name).toBe('SingleLine');
  });
});

describe('ArcGIS findAddressCandidates token handling', () => {
  let emu: ArcgisEmulator;
  beforeAll(async () => {
    emu = await startArcgisEmulator({ requireToken: true, tokens: ['good-token-123'] });
  });
  afterAll(() => emu.close());

  it('answers 499 Token Required without a token; the client raises a non-retryable token error', async () => {
    expect(await rawFind(emu.url, { SingleLine: '201 E Adams St' })).toEqual({
      error: { code: 499, message: 'Token Required', messageCode: 'GWM_0003', details: ['Token Required'] },
    });
    const err = await rejectionOf(findAddressCandidates({ url: emu.url }, '201 E Adams St'), ArcgisError);
    expect(err).toMatchObject({ kind: 'token', arcgisCode: 499, retryable: false, operation: 'findAddressCandidates' });
    expect(classifyError(err)).toMatchObject({ retryable: false, errorClass: 'arcgis.token' });
  });

  it('answers 498 for an invalid token and never repeats the token', async () => {
    const err = await rejectionOf(findAddressCandidates({ url: emu.url, token: 'wrong-secret' }, '201 E Adams St'), ArcgisError);
    expect(err.arcgisCode).toBe(498);
    expect(err.reason).toMatch(/invalid or expired/);
    expect(JSON.stringify(err)).not.toContain('wrong-secret');
    expect(err.message).not.toContain('wrong-secret');
  });

  it('searches with a valid token, sent in the form body', async () => {
    const before = emu.calls.length;
    const found = await findAddressCandidates({ url: emu.url, token: 'good-token-123' }, '201 E Adams St');
    expect(found[0]?.score).toBe(100);
    expect(emu.calls[before]!.params.token).toBe('good-token-123');
  });
});

describe('ArcGIS findAddressCandidates answers that are not what they should be', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; type: string; body: string } | 'hang';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      if (answer === 'hang') return; // never answers
      res.writeHead(answer.status, { 'content-type': answer.type });
      res.end(answer.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/arcgis/rest/services/X/GeocodeServer`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const json = (body: unknown) => ({ status: 200, type: 'application/json', body: JSON.stringify(body) });

  it('times out a hanging server with a retryable timeout error', async () => {
    answer = 'hang';
    const err = await rejectionOf(findAddressCandidates({ url: base, timeoutMs: 150 }, '201 E Adams St'), ArcgisError);
    expect(err).toMatchObject({ kind: 'timeout', operation: 'findAddressCandidates', retryable: true });
    expect(err.reason).toBe('The geocoder did not answer within 150 ms.');
  });

  it('rejects an HTML page as not ArcGIS', async () => {
    answer = { status: 200, type: 'text/html', body: '<html><title>Sign in</title></html>' };
    const err = await rejectionOf(findAddressCandidates({ url: base }, '201 E Adams St'), ArcgisError);
    expect(err).toMatchObject({ kind: 'not-arcgis', retryable: false });
    expect(err.reason).toMatch(/web page/);
  });

  it('rejects JSON without candidates (another kind of service) as not ArcGIS', async () => {
    answer = json({ currentVersion: 11.1, layers: [] });
    const err = await rejectionOf(findAddressCandidates({ url: base }, '201 E Adams St'), ArcgisError);
    expect(err).toMatchObject({ kind: 'not-arcgis', retryable: false });
    expect(err.reason).toMatch(/without address candidates/);
  });

  it('keeps HTTP 503 retryable with its Retry-After', async () => {
    answer = { status: 503, type: 'text/plain', body: 'busy' };
    const err = await rejectionOf(findAddressCandidates({ url: base }, '201 E Adams St'), ArcgisError);
    expect(err).toMatchObject({ kind: 'http', httpStatus: 503, retryable: true });
  });

  it('reads a Web Mercator answer back into WGS84, drops unplaceable candidates and sorts by score', async () => {
    const m = toWebMercator(E_ADAMS_201.lon, E_ADAMS_201.lat);
    answer = json({
      spatialReference: { wkid: 102100, latestWkid: 3857 },
      candidates: [
        { address: 'E Adams St', location: { x: m.x, y: m.y }, score: 80, attributes: {} },
        { address: 'Nowhere', location: { x: 'NaN', y: 'NaN' }, score: 90, attributes: {} },
        { address: '201 E Adams St', location: { x: m.x, y: m.y }, score: 99.5, attributes: {} },
      ],
    });
    const found = await findAddressCandidates({ url: base }, '201 E Adams St');
    expect(found.map((c) => [c.address, c.score])).toEqual([['201 E Adams St', 99.5], ['E Adams St', 80]]);
    expect(found[0]!.lon).toBeCloseTo(E_ADAMS_201.lon, 9);
    expect(found[0]!.lat).toBeCloseTo(E_ADAMS_201.lat, 9);
  });

  it('refuses candidates in a spatial reference it cannot read', async () => {
    answer = json({ spatialReference: { wkid: 999999 }, candidates: [{ address: 'X', location: { x: 1, y: 2 }, score: 100 }] });
    const err = await rejectionOf(findAddressCandidates({ url: base }, '201 E Adams St'), ArcgisError);
    expect(err.kind).toBe('not-arcgis');
    expect(err.reason).toContain('999999');
  });
});
