import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArcgisEmulator, type ArcgisEmulator } from '@/emulators/arcgis/server';
import { clearReportLookups } from '@/lib/crm/report-lookups';
import { db } from '@/lib/db';
import { handleOpen311 } from '@/lib/open311/handle';
import { clearCategoryIndexCache } from '@/lib/routing/categories-at-point';
import { georeport, nullPaths, schemaErrors } from '../support/open311-schema';
import { PNG_BYTES, startSyncWorld, type SyncWorld } from '../sync/sync-fixture';

/**
 * GeoReport v2 as the Open311 community's JSON schema reads it (tests/fixtures/open311), stable
 * service codes, and POSTs located by address_string through the organization's own geocoder.
 */

let w: SyncWorld;
let arcgis: ArcgisEmulator;
let slug: string;
let localTypeId: string;

beforeAll(async () => {
  arcgis = await startArcgisEmulator();
  w = await startSyncWorld(db);
  await db.integration.update({ where: { id: w.integrationId }, data: { geocoderUrl: arcgis.url } });
  slug = (await db.organization.findUniqueOrThrow({ where: { id: w.organizationId } })).slug;
  const ring = [[-89.7, 39.75], [-89.6, 39.75], [-89.6, 39.85], [-89.7, 39.85], [-89.7, 39.75]];
  const agency = await db.agency.create({
    data: { organizationId: w.organizationId, name: 'Streets', geography: { type: 'MultiPolygon', coordinates: [[ring]] }, bbox: [-89.7, 39.75, -89.6, 39.85], geographyUpdatedAt: new Date() },
  });
  await db.requestType.updateMany({ where: { id: { in: [w.srTypeId, w.woTypeId] } }, data: { agencyId: agency.id } });
  // A category of our own (no Cityworks code) keeps its database id as the code.
  localTypeId = (await db.requestType.create({ data: { organizationId: w.organizationId, agencyId: agency.id, name: 'Graffiti' } })).id;
  clearCategoryIndexCache();
}, 30_000);

afterAll(async () => {
  await w?.close();
  await arcgis?.close();
});

const call = (method: string, path: string, body?: Record<string, string>, query = '', org = slug) =>
  handleOpen311(db, async () => w.boss, new Request(`http://evil.example/open311/v2/${org}/${path}${query}`, { method, ...(body ? { body: new URLSearchParams(body) } : {}) }), org, path.split('/'));

async function json(res: Response): Promise<unknown> {
  return JSON.parse(await res.text()) as unknown;
}

describe('Open311 GeoReport v2: the community schema', () => {
  it('services: valid, no nulls, Cityworks codes for synced categories and the id for a local one', async () => {
    const body = await json(await call('GET', 'services.json'));
    expect(schemaErrors(georeport.services, body)).toEqual([]);
    expect(nullPaths(body)).toEqual([]);
    const codes = (body as { service_code: string; service_name: string }[]).map((s) => [s.service_name, s.service_code]);
    expect(codes).toEqual([['Graffiti', localTypeId], ['Pothole', '101'], ['Street repair', '301']]);
  });

  it('a service definition by its Cityworks code and by its old database id, valid either way', async () => {
    await db.question.create({ data: { requestTypeId: w.srTypeId, remoteQuestionId: '1003', text: 'Anything else?', sequence: 1, format: 'FREETEXT', isRequired: false } });
    for (const code of ['101', w.srTypeId]) {
      const res = await call('GET', `services/${code}.json`);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(schemaErrors(georeport.serviceDefinition, body)).toEqual([]);
      expect(nullPaths(body)).toEqual([]);
      expect(body).toMatchObject({ service_code: '101', attributes: [{ description: 'Anything else?', datatype: 'text' }] });
      expect((body as { attributes: Record<string, unknown>[] }).attributes[0]).not.toHaveProperty('datatype_description');
    }
    expect((await call('GET', 'services/999.json')).status).toBe(404);
  });

  it('requests: valid, no nulls, absent fields omitted, media_url absolute from the configured URL (not the Host)', async () => {
    const posted = await call('POST', 'requests.json', { service_code: '101', lat: '39.7999', long: '-89.6485' });
    expect(posted.status).toBe(201);
    const created = await json(posted);
    expect(nullPaths(created)).toEqual([]);
    expect(created).toEqual([{ service_request_id: expect.stringMatching(/^\d+$/) }]);
    const number = Number((created as { service_request_id: string }[])[0]!.service_request_id);
    const issue = await db.issue.findFirstOrThrow({ where: { organizationId: w.organizationId, number } });
    expect(issue.requestTypeId).toBe(w.srTypeId);

    const bare = (await json(await call('GET', `requests/${number}.json`))) as Record<string, unknown>[];
    expect(schemaErrors(georeport.requests, bare)).toEqual([]);
    expect(nullPaths(bare)).toEqual([]);
    for (const absent of ['media_url', 'address', 'expected_datetime', 'address_id', 'zipcode', 'service_notice']) expect(bare[0]).not.toHaveProperty(absent);
    expect(bare[0]).toMatchObject({ service_code: '101', lat: 39.7999, long: -89.6485 });

    const media = await db.media.create({
      data: { organizationId: w.organizationId, issueId: issue.id, fileName: 'hole.png', contentType: 'image/png', byteSize: PNG_BYTES.length, sha256: 'x', data: Buffer.from(PNG_BYTES) },
    });
    const withMedia = (await json(await call('GET', `requests/${number}.json`))) as { media_url: string }[];
    expect(schemaErrors(georeport.requests, withMedia)).toEqual([]);
    const url = new URL(withMedia[0]!.media_url);
    const base = new URL(process.env.NEXTAUTH_URL ?? 'http://localhost:3000');
    expect(url.origin).toBe(base.origin);
    expect(url.host).not.toBe('evil.example');
    expect(url.pathname).toBe(`/api/media/${media.id}`);

    const all = await json(await call('GET', 'requests.json'));
    expect(schemaErrors(georeport.requests, all)).toEqual([]);
    expect(nullPaths(all)).toEqual([]);
  });

  it('filters requests by the Cityworks code and by the old id; an unknown code matches nothing', async () => {
    const byCode = (await json(await call('GET', 'requests.json', undefined, '?service_code=101'))) as { service_request_id: string; service_code: string }[];
    expect(byCode.length).toBeGreaterThan(0);
    expect(new Set(byCode.map((r) => r.service_code))).toEqual(new Set(['101']));
    // The sync may acknowledge an issue between the two calls: compare which requests, not their notes.
    const byId = (await json(await call('GET', 'requests.json', undefined, `?service_code=${w.srTypeId}`))) as { service_request_id: string }[];
    expect(byId.map((r) => r.service_request_id)).toEqual(byCode.map((r) => r.service_request_id));
    expect(await json(await call('GET', 'requests.json', undefined, '?service_code=nope'))).toEqual([]);
  });

  it('a category re-created by a later sync keeps its service code', async () => {
    const before = await db.issue.count({ where: { organizationId: w.organizationId } });
    const old = await db.requestType.findUniqueOrThrow({ where: { id: w.woTypeId } });
    await db.requestType.delete({ where: { id: old.id } });
    const again = await db.requestType.create({
      data: { organizationId: old.organizationId, integrationId: old.integrationId, agencyId: old.agencyId, remoteKind: 'WORK_ORDER', remoteCode: '301', remoteName: 'Street repair', name: 'Street repair' },
    });
    const services = (await json(await call('GET', 'services.json'))) as { service_code: string }[];
    expect(services.map((s) => s.service_code)).toContain('301');
    // Reports read the codes at most REPORT_LOOKUP_TTL_MS old (lib/crm/report-lookups.ts, whose
    // bound tests/integration/report-lookups.test.ts checks); here, as a process past that bound.
    clearReportLookups();
    const res = await call('POST', 'requests.json', { service_code: '301', lat: '39.7984', long: '-89.6465' });
    expect(res.status).toBe(201);
    const [created] = (await json(res)) as { service_request_id: string }[];
    const issue = await db.issue.findFirstOrThrow({ where: { organizationId: w.organizationId, number: Number(created!.service_request_id) } });
    expect(issue.requestTypeId).toBe(again.id);
    expect(await db.issue.count({ where: { organizationId: w.organizationId } })).toBe(before + 1);
  });
});

describe('Open311 GeoReport v2: located by address_string alone', () => {
  it('geocodes the address through the organization\'s locator and files the report there', async () => {
    const callsBefore = arcgis.calls.length;
    const res = await call('POST', 'requests.json', { service_code: '101', address_string: '301 E Adams Street, Springfield IL', description: 'Hole by the curb' });
    expect(res.status).toBe(201);
    const [created] = (await json(res)) as { service_request_id: string }[];
    const issue = await db.issue.findFirstOrThrow({ where: { organizationId: w.organizationId, number: Number(created!.service_request_id) } });
    expect(issue.lat).toBeCloseTo(39.7999, 6);
    expect(issue.lng).toBeCloseTo(-89.6465, 6);
    expect(issue.address).toMatch(/^301 E Adams St/);
    const asked = arcgis.calls.slice(callsBefore).filter((c) => c.path.endsWith('/findAddressCandidates'));
    expect(asked).toHaveLength(1);
  });

  it('no match, or a street without the number (a guess), is 400 with the reason; nothing is saved', async () => {
    const before = await db.issue.count({ where: { organizationId: w.organizationId } });
    const none = await call('POST', 'requests.json', { service_code: '101', address_string: '12 Nowhere Lane' });
    expect(none.status).toBe(400);
    expect(await json(none)).toEqual([{ code: 400, description: 'address_string "12 Nowhere Lane" matched no address; send lat and long' }]);
    const guess = await call('POST', 'requests.json', { service_code: '101', address_string: '999 E Adams' });
    expect(guess.status).toBe(400);
    expect(await db.issue.count({ where: { organizationId: w.organizationId } })).toBe(before);
  });

  it('a jurisdiction without a geocoder says so (400), and a bad service_code is refused before any locator call', async () => {
    const other = await startSyncWorld(db);
    try {
      const otherSlug = (await db.organization.findUniqueOrThrow({ where: { id: other.organizationId } })).slug;
      const res = await handleOpen311(db, async () => other.boss, new Request(`http://localhost/open311/v2/${otherSlug}/requests.json`, { method: 'POST', body: new URLSearchParams({ service_code: '101', address_string: '301 E Adams St' }) }), otherSlug, ['requests.json']);
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual([{ code: 400, description: 'This jurisdiction has no geocoder to locate address_string; send lat and long' }]);
    } finally {
      await other.close();
    }
    const callsBefore = arcgis.calls.length;
    const bad = await call('POST', 'requests.json', { service_code: 'nope', address_string: '301 E Adams St' });
    expect(bad.status).toBe(404);
    expect(arcgis.calls.length).toBe(callsBefore);
  });
});
