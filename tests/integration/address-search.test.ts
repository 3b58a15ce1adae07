import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startArcgisEmulator, type ArcgisEmulator } from '@/emulators/arcgis/server';
import { db } from '@/lib/db';
import { AddressSearchError, addressSearchAvailable, searchAddresses } from '@/lib/crm/address-search';
import { ADDRESS_SEARCHES_PER_WINDOW } from '@/lib/crm/report-rate-limit';
import { setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { GET as addressSearch } from '@/app/api/public/orgs/[org]/address-search/route';
import { createOrganizationWithUsers } from '../support/fixtures';
import { fromPeer } from '../support/http';
import { rejectionOf } from '../support/rejection-of';

const TOKEN = 'city-locator-token-7f3a';

let emu: ArcgisEmulator;
let htmlServer: Server;
let htmlUrl: string;
let withGeocoder: string;
let withoutIntegration: string;
let withoutGeocoder: string;
let broken: string;
let wrongToken: string;

async function ask(slug: string, q: string | null, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Record<string, unknown>; text: string }> {
  const url = new URL(`http://localhost/api/public/orgs/${slug}/address-search`);
  if (q !== null) url.searchParams.set('q', q);
  const res = await addressSearch(new Request(url, { headers }), { params: Promise.resolve({ org: slug }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as Record<string, unknown>, text };
}

async function org(title: string, integrations: { geocoderUrl?: string | null; enabled?: boolean; token?: string; createdAt?: Date }[]): Promise<string> {
  const { org } = await createOrganizationWithUsers(db, title);
  for (const i of integrations) {
    const row = await db.integration.create({
      data: { organizationId: org.id, geocoderUrl: i.geocoderUrl ?? null, enabled: i.enabled ?? true, ...(i.createdAt ? { createdAt: i.createdAt } : {}) },
    });
    if (i.token) await setIntegrationSecret(db, row.id, 'GEOCODER_TOKEN', i.token);
  }
  return org.slug;
}

beforeAll(async () => {
  emu = await startArcgisEmulator({ requireToken: true, tokens: [TOKEN] });
  htmlServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><title>Sign in</title></html>');
  });
  await new Promise<void>((r) => htmlServer.listen(0, '127.0.0.1', r));
  htmlUrl = `http://127.0.0.1:${(htmlServer.address() as AddressInfo).port}/arcgis/rest/services/Portal/GeocodeServer`;

  const old = new Date(Date.now() - 60_000);
  withGeocoder = await org('Geocoded City', [
    // A switched-off integration, older, with a geocoder that would fail: never used.
    { geocoderUrl: htmlUrl, enabled: false, createdAt: old },
    { geocoderUrl: emu.url, token: TOKEN },
  ]);
  withoutIntegration = await org('Plain Town', []);
  withoutGeocoder = await org('Cityworks Only', [{ geocoderUrl: null }, { geocoderUrl: '' }]);
  broken = await org('Login Page City', [{ geocoderUrl: htmlUrl }]);
  wrongToken = await org('Stale Token City', [{ geocoderUrl: emu.url, token: 'expired-token-99' }]);
});

afterAll(async () => {
  await emu.close();
  htmlServer.closeAllConnections();
  await new Promise((r) => htmlServer.close(r));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('address search (lib)', () => {
  it('is available only where an enabled integration names a geocoder', async () => {
    expect(await addressSearchAvailable(db, withGeocoder)).toBe(true);
    expect(await addressSearchAvailable(db, broken)).toBe(true);
    expect(await addressSearchAvailable(db, withoutIntegration)).toBe(false);
    expect(await addressSearchAvailable(db, withoutGeocoder)).toBe(false);
    expect(await addressSearchAvailable(db, 'no-such-org')).toBe(false);
  });

  it('finds addresses through the enabled integration geocoder with its token, at most five, address and point only', async () => {
    const before = emu.calls.length;
    const found = await searchAddresses(db, withGeocoder, '  201   E Adams St ');
    expect(found[0]).toEqual({ address: '201 E Adams St, Springfield, IL, 62701', lat: 39.7999, lng: -89.6485 });
    expect(found.map((f) => f.address)).toEqual(['201 E Adams St', '301 E Adams St', '401 E Adams St'].map((a) => `${a}, Springfield, IL, 62701`));
    const call = emu.calls[before]!;
    expect(call.params).toMatchObject({ SingleLine: '201 E Adams St', token: TOKEN, maxLocations: '5', outSR: '4326' });
    expect(emu.calls.length).toBe(before + 1);

    const street = await searchAddresses(db, withGeocoder, 'Adams');
    expect(street).toHaveLength(5);
    for (const f of street) expect(Object.keys(f).sort()).toEqual(['address', 'lat', 'lng']);
  });

  it("searches only inside the box around the organization's agencies, where it has any", async () => {
    const slug = await org('Agency City', [{ geocoderUrl: emu.url, token: TOKEN }]);
    const { id: organizationId } = await db.organization.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    // Two agencies west of 6th St: E Adams (east of it) is outside their box, W Adams inside.
    await db.agency.createMany({
      data: [
        { organizationId, name: 'North', bbox: [-89.66, 39.799, -89.651, 39.81] },
        { organizationId, name: 'South', bbox: [-89.657, 39.79, -89.652, 39.7995] },
        { organizationId, name: 'No geography yet' },
      ],
    });
    const before = emu.calls.length;
    expect(await searchAddresses(db, slug, '201 E Adams St')).toEqual([]);
    expect(JSON.parse(emu.calls[before]!.params.searchExtent!)).toEqual({ xmin: -89.66, ymin: 39.79, xmax: -89.651, ymax: 39.81, spatialReference: { wkid: 4326 } });
    expect((await searchAddresses(db, slug, '201 W Adams St'))[0]?.address).toBe('201 W Adams St, Springfield, IL, 62701');
    // Without agency geographies there is no box: the locator answers from anywhere it knows.
    const plain = emu.calls.length;
    expect(await searchAddresses(db, withGeocoder, '201 E Adams St')).not.toEqual([]);
    expect(emu.calls[plain]!.params.searchExtent).toBeUndefined();
  });

  it('answers an empty list when nothing matches', async () => {
    expect(await searchAddresses(db, withGeocoder, '12 Elm Street')).toEqual([]);
  });

  it('says address search is not available for an organization without a geocoder, without calling anyone', async () => {
    const before = emu.calls.length;
    const none = await rejectionOf(searchAddresses(db, withoutIntegration, '201 E Adams St'), AddressSearchError);
    expect(none.code).toBe('NOT_AVAILABLE');
    expect(none.message).toMatch(/^Address search is not available/);
    expect((await rejectionOf(searchAddresses(db, withoutGeocoder, '201 E Adams St'), AddressSearchError)).code).toBe('NOT_AVAILABLE');
    expect((await rejectionOf(searchAddresses(db, 'no-such-org', '201 E Adams St'), AddressSearchError)).code).toBe('UNKNOWN_ORGANIZATION');
    expect(emu.calls.length).toBe(before);
  });

  it('turns a geocoder failure into one message for the citizen and logs the reason without the token', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stale = await rejectionOf(searchAddresses(db, wrongToken, '201 E Adams St'), AddressSearchError);
    expect(stale.code).toBe('GEOCODER_FAILED');
    expect(stale.message).toBe('The address search is not working right now. Drop a pin on the map or type the coordinates instead.');
    const page = await rejectionOf(searchAddresses(db, broken, '201 E Adams St'), AddressSearchError);
    expect(page.code).toBe('GEOCODER_FAILED');
    const logged = warn.mock.calls.map((c) => String(c[0]));
    expect(logged[0]).toMatch(/rejected the token as invalid or expired/);
    expect(logged[1]).toMatch(/answered with a web page/);
    expect(logged.join('\n')).not.toContain('expired-token-99');
  });
});

describe('GET /api/public/orgs/[org]/address-search', () => {
  it('answers the addresses, never cached', async () => {
    const res = await ask(withGeocoder, '201 E Adams');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((res.body.addresses as { address: string }[])[0]).toEqual({ address: '201 E Adams St, Springfield, IL, 62701', lat: 39.7999, lng: -89.6485 });
    expect(res.text).not.toContain(TOKEN);
    expect(res.text).not.toContain('127.0.0.1');
  });

  it('validates q: 3 to 200 characters after trimming', async () => {
    for (const q of [null, '', '  ab  ', 'x'.repeat(201)]) {
      const res = await ask(withGeocoder, q);
      expect(res.status).toBe(400);
      expect((res.body.error as { code: string }).code).toBe('invalid_input');
    }
    expect((await ask(withGeocoder, 'abc')).status).toBe(200);
  });

  it('answers 404 address_search_unavailable without a geocoder and 404 for an unknown organization', async () => {
    const none = await ask(withoutIntegration, '201 E Adams');
    expect(none.status).toBe(404);
    expect(none.body.error).toMatchObject({ code: 'address_search_unavailable', message: expect.stringMatching(/^Address search is not available/) });
    const unknown = await ask('no-such-org', '201 E Adams');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', message: 'Organization not found.' });
  });

  it('answers 502 when the geocoder fails, naming neither its URL nor its token', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const slug of [wrongToken, broken]) {
      const res = await ask(slug, '201 E Adams');
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ code: 'geocoder_failed', message: expect.stringMatching(/not working right now/) });
      expect(res.text).not.toContain('expired-token-99');
      expect(res.text).not.toContain('127.0.0.1');
      expect(res.text).not.toContain('GeocodeServer');
    }
  });

  it('limits searches per client address, so the city geocoder is not an open proxy; other addresses still search', async () => {
    const flooder = fromPeer('203.0.113.9');
    const calls = emu.calls.length;
    const earlier = new Date(Date.now() - 60_000);
    await db.rateLimitHit.createMany({ data: Array.from({ length: ADDRESS_SEARCHES_PER_WINDOW }, () => ({ bucket: 'address-search', key: `${withGeocoder}:203.0.113.9`, createdAt: earlier })) });
    const refused = await ask(withGeocoder, '201 E Adams', flooder);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many address searches/) });
    // The oldest hit leaves the 10-minute window in about 9 minutes.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(540);
    expect(emu.calls.length).toBe(calls);
    expect((await ask(withGeocoder, '201 E Adams', fromPeer('198.51.100.4'))).status).toBe(200);
  });
});
