import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/roles';

// Read by lib/env when the routes are imported below: a proxy range, and a small per-organization cap.
process.env.TRUSTED_PROXIES = '10.0.0.0/8, fd00::/8';
process.env.REPORTS_PER_ORGANIZATION_PER_HOUR = '4';

// The routes read the signed-in actor from next-auth; here each request says who is signed in.
const signedIn: { actor: Actor | null } = { actor: null };
vi.mock('@/lib/auth/session', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/session')>();
  return { ...original, currentActor: async () => signedIn.actor };
});

const { db } = await import('@/lib/db');
const { loadActor } = await import('@/lib/auth/session');
const { clientAddress } = await import('@/lib/http/client-address');
const { PEER_HEADER } = await import('@/lib/http/peer-header');
const { jobSender } = await import('@/lib/jobs/sender');
const agenciesRoute = await import('@/app/api/orgs/[org]/agencies/route');
const commentsRoute = await import('@/app/api/orgs/[org]/issues/[number]/comments/route');
const reportRoute = await import('@/app/api/public/orgs/[org]/issues/route');
const open311Route = await import('@/app/open311/v2/[org]/[...path]/route');
const { createOrganizationWithUsers } = await import('../support/fixtures');
const { formRequest, fromPeer, jsonRequest, SAME_ORIGIN } = await import('../support/http');

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
let ctx: Awaited<ReturnType<typeof createOrganizationWithUsers>>;
let requestTypeId: string;
const INSIDE = { lat: 39.8, lng: -89.65 };

interface ErrorBody {
  error: { code: string; message: string };
}

/** A body streamed in 16 KB chunks with no Content-Length (chunked on the wire); counts what was pulled. */
function chunked(totalBytes: number, fill = 0x20) {
  const counter = { pulled: 0 };
  const chunk = 16 * 1024;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= totalBytes) return controller.close();
      const n = Math.min(chunk, totalBytes - counter.pulled);
      counter.pulled += n;
      controller.enqueue(new Uint8Array(n).fill(fill));
    },
  });
  return { body, counter };
}

function streamed(url: string, method: string, contentType: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(url, { method, body, duplex: 'half', headers: { 'content-type': contentType, 'transfer-encoding': 'chunked', ...SAME_ORIGIN, ...headers } } as RequestInit);
}

const agencyCount = () => db.agency.count({ where: { organizationId: ctx.org.id } });
const postAgency = (req: Request) => agenciesRoute.POST(req, params({ org: ctx.org.slug }));

function reportForm(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  form.set('report', JSON.stringify(fields));
  return form;
}
const validReport = () => reportForm({ requestTypeId, lat: INSIDE.lat, lng: INSIDE.lng, summary: 'Pothole on Adams' });
const postReport = (req: Request) => reportRoute.POST(req, params({ org: ctx.org.slug }));
const open311Post = (req: Request, format = 'json') => open311Route.POST(req, params({ org: ctx.org.slug, path: [`requests.${format}`] }));
const open311Url = () => `http://localhost/open311/v2/${ctx.org.slug}/requests.json`;

beforeAll(async () => {
  ctx = await createOrganizationWithUsers(db, 'Edge City');
  signedIn.actor = (await loadActor(ctx.users.IMPLEMENTATION_MANAGER.id))!;
  const ring = [[-89.7, 39.75], [-89.6, 39.75], [-89.6, 39.85], [-89.7, 39.85], [-89.7, 39.75]];
  const agency = await db.agency.create({
    data: { organizationId: ctx.org.id, name: 'Streets', geography: { type: 'MultiPolygon', coordinates: [[ring]] }, bbox: [-89.7, 39.75, -89.6, 39.85], geographyUpdatedAt: new Date() },
  });
  requestTypeId = (await db.requestType.create({ data: { organizationId: ctx.org.id, agencyId: agency.id, name: 'Pothole' } })).id;
});

beforeEach(async () => {
  // Each test starts with empty rate-limit windows (the organization's cap counts in slices).
  await db.rateLimitHit.deleteMany({});
  await db.rateLimitSlice.deleteMany({});
});

afterAll(async () => {
  await (await jobSender()).stop({ graceful: false });
});

describe('client address', () => {
  it('is "unknown" while no web server stamps the socket peer, whatever X-Forwarded-For says', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.1', [PEER_HEADER]: '198.51.100.2' }))).toBe('unknown');
  });

  it('is the socket peer unless the peer is a trusted proxy; then the right-most hop that is not one', () => {
    const at = (peer: string, xff?: string) => clientAddress(new Headers(fromPeer(peer, xff ? { 'x-forwarded-for': xff } : {})));
    expect(at('198.51.100.2', '203.0.113.1')).toBe('198.51.100.2');
    expect(at('::ffff:198.51.100.2')).toBe('198.51.100.2');
    expect(at('10.0.0.5', '203.0.113.1')).toBe('203.0.113.1');
    // The left-most hops are the client's to write: only the right-most untrusted one counts.
    expect(at('10.0.0.5', '1.1.1.1, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
    expect(at('fd00::1', '2001:db8::9')).toBe('2001:db8::9');
    // A trusted proxy that forwards no (or a garbled) header is the client as far as anyone can tell.
    expect(at('10.0.0.5')).toBe('10.0.0.5');
    expect(at('10.0.0.5', 'not-an-ip')).toBe('10.0.0.5');
    // Next's records as well as node:http's header objects.
    expect(clientAddress({ [PEER_HEADER]: '10.0.0.5', 'x-forwarded-for': '203.0.113.8' })).toBe('203.0.113.8');
  });

  it('a flood that rotates X-Forwarded-For from one address is still limited, on the web form and on Open311', async () => {
    const earlier = new Date(Date.now() - 60_000);
    await db.rateLimitHit.createMany({ data: Array.from({ length: 20 }, () => ({ bucket: 'report', key: `${ctx.org.id}:198.51.100.66`, createdAt: earlier })) });
    const web = await postReport(formRequest('POST', validReport(), 'http://localhost/', fromPeer('198.51.100.66', { 'x-forwarded-for': '203.0.113.201' })));
    expect(web.status).toBe(429);
    expect(((await web.json()) as ErrorBody).error.message).toMatch(/^Too many reports from this address/);
    const o311 = await open311Post(new Request(open311Url(), { method: 'POST', body: new URLSearchParams({ service_code: requestTypeId, lat: '39.8', long: '-89.65' }), headers: fromPeer('198.51.100.66', { 'x-forwarded-for': '203.0.113.202' }) }));
    expect(o311.status).toBe(429);
    expect(await db.issue.count({ where: { organizationId: ctx.org.id } })).toBe(0);
  });

  it('caps anonymous reports per organization and hour across every address, web form and Open311 together', async () => {
    const before = await db.issue.count({ where: { organizationId: ctx.org.id } });
    for (let i = 1; i <= 2; i++) {
      const res = await postReport(formRequest('POST', validReport(), 'http://localhost/', fromPeer(`198.51.100.${i}`)));
      expect(res.status).toBe(201);
    }
    for (let i = 3; i <= 4; i++) {
      const res = await open311Post(new Request(open311Url(), { method: 'POST', body: new URLSearchParams({ service_code: requestTypeId, lat: '39.8', long: '-89.65', description: 'Pothole' }), headers: fromPeer(`198.51.100.${i}`) }));
      expect(res.status).toBe(201);
    }
    const refused = await postReport(formRequest('POST', validReport(), 'http://localhost/', fromPeer('198.51.100.5')));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ErrorBody).error.message).toMatch(/organization has received too many reports/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    const refused311 = await open311Post(new Request(open311Url(), { method: 'POST', body: new URLSearchParams({ service_code: requestTypeId, lat: '39.8', long: '-89.65' }), headers: fromPeer('198.51.100.6') }));
    expect(refused311.status).toBe(429);
    expect(await db.issue.count({ where: { organizationId: ctx.org.id } })).toBe(before + 4);
  });
});

describe('body limits, enforced while the body streams', () => {
  it('refuses a JSON body over 64 KB sent chunked (no Content-Length) with 413, reading no more than the limit, writing nothing', async () => {
    const before = await agencyCount();
    // Valid JSON whose padding field the schema would ignore: without the limit this creates an agency.
    const text = JSON.stringify({ name: 'Padded', pad: 'x'.repeat(100 * 1024) });
    const bytes = new TextEncoder().encode(text);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(pulled, pulled + 8192));
        pulled += 8192;
      },
    });
    const res = await postAgency(streamed('http://localhost/', 'POST', 'application/json', body));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error).toEqual({ code: 'too_large', message: 'The request body is larger than the limit of 64 KB.' });
    expect(pulled).toBeLessThan(64 * 1024 + 4 * 8192);
    expect(await agencyCount()).toBe(before);
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const { body, counter } = chunked(200 * 1024);
    const req = new Request('http://localhost/', { method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024), ...SAME_ORIGIN } } as RequestInit);
    expect((await postAgency(req)).status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(16 * 1024);
  });

  it('refuses a chunked report over the photo limit (10 MB) with 413, and files nothing', async () => {
    const before = await db.issue.count();
    const { body, counter } = chunked(11 * 1024 * 1024);
    const res = await postReport(streamed('http://localhost/', 'POST', 'multipart/form-data; boundary=xyz', body, fromPeer('198.51.100.20')));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.message).toBe('The report is too large: the photo may be at most 10 MB.');
    expect(counter.pulled).toBeLessThan(10 * 1024 * 1024 + 512 * 1024);
    expect(await db.issue.count()).toBe(before);
  });

  it('refuses a chunked staff comment over its limit with 413', async () => {
    const { body } = chunked(11 * 1024 * 1024);
    const res = await commentsRoute.POST(streamed('http://localhost/', 'POST', 'multipart/form-data; boundary=xyz', body), params({ org: ctx.org.slug, number: '1' }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('too_large');
  });

  it('refuses a chunked Open311 POST over 64 KB with 413 in the spec format asked for', async () => {
    const { body } = chunked(200 * 1024, 0x61);
    const res = await open311Post(streamed(`http://localhost/open311/v2/${ctx.org.slug}/requests.xml`, 'POST', 'application/x-www-form-urlencoded', body, fromPeer('198.51.100.21')), 'xml');
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toContain('<code>413</code>');
  });
});

describe('state-changing requests: content type and origin', () => {
  it('refuses a text/plain or form-encoded body with 415, writing nothing', async () => {
    const before = await agencyCount();
    const plain = new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ name: 'Plain' }), headers: { ...SAME_ORIGIN, 'content-type': 'text/plain' } });
    const res = await postAgency(plain);
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
    const form = new Request('http://localhost/', { method: 'POST', body: new URLSearchParams({ name: 'Form' }), headers: SAME_ORIGIN });
    expect((await postAgency(form)).status).toBe(415);
    expect(await agencyCount()).toBe(before);
  });

  it('refuses a cross-site request (another Origin, Sec-Fetch-Site cross-site or same-site, or neither header) with 403', async () => {
    const before = await agencyCount();
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site', origin: 'http://localhost' },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of attempts) {
      const req = new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ name: 'Forged' }), headers: { 'content-type': 'application/json', ...headers } });
      const res = await postAgency(req);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as ErrorBody).error.code).toBe('cross_site');
    }
    const forgedReport = await postReport(formRequest('POST', validReport(), 'http://localhost/', fromPeer('198.51.100.30', { origin: 'https://evil.example' })));
    expect(forgedReport.status).toBe(403);
    expect(await agencyCount()).toBe(before);
  });

  it('accepts the app own pages: same Origin, or Sec-Fetch-Site same-origin / none', async () => {
    expect((await postAgency(jsonRequest('POST', { name: 'By origin' }))).status).toBe(201);
    const bySite = new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ name: 'By fetch site' }), headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' } });
    expect((await postAgency(bySite)).status).toBe(201);
    const typed = new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ name: 'Typed' }), headers: { 'content-type': 'application/json; charset=utf-8', 'sec-fetch-site': 'none' } });
    expect((await postAgency(typed)).status).toBe(201);
  });

  it('keeps Open311 POST open to cross-site, form-encoded GeoReport clients (no session is read there)', async () => {
    const res = await open311Post(
      new Request(open311Url(), {
        method: 'POST',
        body: new URLSearchParams({ api_key: 'any', service_code: requestTypeId, lat: '39.8', long: '-89.65', description: 'From another site' }),
        headers: fromPeer('198.51.100.40', { origin: 'https://311-app.example', 'sec-fetch-site': 'cross-site' }),
      }),
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as Array<{ service_request_id: string }>)[0]!.service_request_id).toMatch(/^\d+$/);
    const plain = await open311Post(new Request(open311Url(), { method: 'POST', body: 'service_code=x', headers: fromPeer('198.51.100.41', { 'content-type': 'text/plain' }) }));
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual([{ code: 415, description: expect.stringMatching(/x-www-form-urlencoded/) as string }]);
  });
});
