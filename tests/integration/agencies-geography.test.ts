import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { createOrganizationWithUsers } from '../support/fixtures';
import { formRequest, jsonRequest, SAME_ORIGIN } from '../support/http';

// The routes read the signed-in actor from next-auth; here each request says who is signed in.
const signedIn: { actor: Actor | null } = { actor: null };
vi.mock('@/lib/auth/session', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/session')>();
  return { ...original, currentActor: async () => signedIn.actor };
});

const { loadActor } = await import('@/lib/auth/session');
const agenciesRoute = await import('@/app/api/orgs/[org]/agencies/route');
const agencyRoute = await import('@/app/api/orgs/[org]/agencies/[id]/route');
const previewRoute = await import('@/app/api/orgs/[org]/agencies/[id]/geography/preview/route');
const geographyRoute = await import('@/app/api/orgs/[org]/agencies/[id]/geography/route');

const fixture = (name: string): Buffer => readFileSync(path.join(import.meta.dirname, '../fixtures/geo', name));
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

function upload(bytes: Buffer | Uint8Array, name: string): Request {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  return formRequest('POST', form, 'http://localhost/upload');
}

interface ErrorBody {
  error: { code: string; message: string; details?: { refused?: unknown[] } };
}

let ctx: Awaited<ReturnType<typeof createOrganizationWithUsers>>;
let manager: Actor;
let staff: Actor;

beforeAll(async () => {
  ctx = await createOrganizationWithUsers(db, 'Geo Town');
  manager = (await loadActor(ctx.users.IMPLEMENTATION_MANAGER.id))!;
  staff = (await loadActor(ctx.users.STAFF.id))!;
});

beforeEach(() => {
  signedIn.actor = manager;
});

async function newAgency(name: string): Promise<string> {
  const res = await agenciesRoute.POST(jsonRequest('POST', { name }), params({ org: ctx.org.slug }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { agency: { id: string } }).agency.id;
}

const geoParams = (id: string) => params({ org: ctx.org.slug, id });

describe('geography repair and encoding override through the API', () => {
  it('saves a bow-tie repaired, with the repair in the saved report and the audit entry', async () => {
    const id = await newAgency('Bowtie Works');
    const res = await geographyRoute.PUT(upload(fixture('bowtie.zip'), 'bowtie.zip'), geoParams(id));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { geography: { report: { repaired: Array<{ kind: string; areaAfterM2?: number; points?: unknown[] }> } } };
    const repair = body.geography.report.repaired.find((r) => r.kind === 'made-valid');
    expect(repair?.points).toHaveLength(1);
    expect(repair?.areaAfterM2).toBeGreaterThan(0);
    const saved = await db.agency.findUniqueOrThrow({ where: { id } });
    expect((saved.geography as { coordinates: unknown[] }).coordinates).toHaveLength(3);
    const entry = await db.auditLog.findFirstOrThrow({ where: { entityId: id, action: 'agency.geography.set' } });
    expect(entry.changes).toMatchObject({ repairs: 1 });
  });

  it('re-reads the DBF with the encoding the admin chose', async () => {
    const id = await newAgency('Encoding Works');
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(fixture('hole-2234.zip'))]), 'hole.zip');
    form.set('dbfEncoding', 'windows-1252');
    const res = await previewRoute.POST(new Request('http://localhost/upload', { method: 'POST', body: form, headers: SAME_ORIGIN }), geoParams(id));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { preview: { attributes: unknown[]; report: { dbfEncoding: { label: string; source: string } } } };
    expect(body.preview.report.dbfEncoding).toEqual(expect.objectContaining({ label: 'windows-1252', source: 'override' }));
    expect(body.preview.attributes).toEqual([{ NAME: 'CafÃ© Ã‘andÃº' }]);
  });
});

describe('agencies API', () => {
  it('creates, renames, lists and deletes an agency, auditing each change', async () => {
    const id = await newAgency('Streets');
    const dup = await agenciesRoute.POST(jsonRequest('POST', { name: 'Streets' }), params({ org: ctx.org.slug }));
    expect(dup.status).toBe(409);
    const renamed = await agencyRoute.PATCH(jsonRequest('PATCH', { name: 'Roads' }), geoParams(id));
    expect(renamed.status).toBe(200);
    const list = (await (await agenciesRoute.GET(new Request('http://localhost/'), params({ org: ctx.org.slug }))).json()) as { agencies: Array<{ id: string; name: string }> };
    expect(list.agencies.find((a) => a.id === id)?.name).toBe('Roads');
    expect((await agencyRoute.DELETE(new Request('http://localhost/', { method: 'DELETE', headers: SAME_ORIGIN }), geoParams(id))).status).toBe(204);
    expect(await db.agency.count({ where: { id } })).toBe(0);
    const actions = (await db.auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['agency.create', 'agency.rename', 'agency.delete']);
  });

  it('lets staff read but not change agencies, and refuses an empty name', async () => {
    signedIn.actor = staff;
    expect((await agenciesRoute.GET(new Request('http://localhost/'), params({ org: ctx.org.slug }))).status).toBe(200);
    const refused = await agenciesRoute.POST(jsonRequest('POST', { name: 'Parks' }), params({ org: ctx.org.slug }));
    expect(refused.status).toBe(403);
    signedIn.actor = manager;
    const empty = await agenciesRoute.POST(jsonRequest('POST', { name: '  ' }), params({ org: ctx.org.slug }));
    expect(empty.status).toBe(400);
  });
});

describe('geography upload', () => {
  it('previews a projected polygon with a hole in WGS84 without saving it', async () => {
    const id = await newAgency('Water');
    const res = await previewRoute.POST(upload(fixture('hole-2234.zip'), 'hole-2234.zip'), geoParams(id));
    expect(res.status).toBe(200);
    const { preview } = (await res.json()) as { preview: { geometry: { type: string; coordinates: number[][][][] }; bbox: number[]; report: { holeCount: number; coordinateSystem: { source: string } } } };
    expect(preview.geometry.type).toBe('MultiPolygon');
    expect(preview.geometry.coordinates[0]).toHaveLength(2); // exterior + hole
    expect(preview.report.holeCount).toBe(1);
    expect(preview.report.coordinateSystem.source).toBe('prj');
    expect(preview.bbox[0]).toBeCloseTo(-73.6, 3);
    expect(preview.bbox[3]).toBeCloseTo(41.95, 3);
    const row = await db.agency.findUniqueOrThrow({ where: { id } });
    expect(row.geography).toBeNull();
    expect(row.geographyUpdatedAt).toBeNull();
  });

  it('saves by ingesting the file on the server, replaces it later, and reports overlaps with other agencies', async () => {
    const water = await newAgency('Water supply');
    const put = await geographyRoute.PUT(upload(fixture('hole-2234.zip'), 'hole-2234.zip'), geoParams(water));
    expect(put.status).toBe(200);
    const saved = await db.agency.findUniqueOrThrow({ where: { id: water } });
    expect(saved.geographyFileName).toBe('hole-2234.zip');
    expect((saved.geography as { coordinates: unknown[][] }).coordinates[0]).toHaveLength(2);

    const parks = await newAgency('Parks east');
    // A square inside the pentagon, away from its hole: it overlaps "Water supply" completely.
    const square = { type: 'Polygon', coordinates: [[[-73.5, 41.1], [-73.3, 41.1], [-73.3, 41.2], [-73.5, 41.2], [-73.5, 41.1]]] };
    const prev = await previewRoute.POST(upload(Buffer.from(JSON.stringify(square)), 'square.geojson'), geoParams(parks));
    expect(prev.status).toBe(200);
    const { preview } = (await prev.json()) as { preview: { overlaps: Array<{ agencyId: string; agencyName: string; fractionOfNew: number; geometry: { type: string } | null }> } };
    expect(preview.overlaps).toHaveLength(1);
    expect(preview.overlaps[0]).toMatchObject({ agencyId: water, agencyName: 'Water supply' });
    expect(preview.overlaps[0]!.fractionOfNew).toBeCloseTo(1, 3);
    expect(preview.overlaps[0]!.geometry?.type).toMatch(/Polygon/);

    // Replacing: the saved geometry becomes the square's, and the change is audited as a replacement.
    const replaced = await geographyRoute.PUT(upload(Buffer.from(JSON.stringify(square)), 'square.geojson'), geoParams(water));
    expect(replaced.status).toBe(200);
    const after = await db.agency.findUniqueOrThrow({ where: { id: water } });
    expect(after.geographyFileName).toBe('square.geojson');
    expect(after.geographyUpdatedAt!.getTime()).toBeGreaterThanOrEqual(saved.geographyUpdatedAt!.getTime());
    const actions = (await db.auditLog.findMany({ where: { entityId: water }, orderBy: { createdAt: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['agency.create', 'agency.geography.set', 'agency.geography.replace']);
  });

  it('refuses staff (403) and an agency of another organization (404)', async () => {
    const id = await newAgency('Sewers');
    signedIn.actor = staff;
    expect((await previewRoute.POST(upload(fixture('hole-2234.zip'), 'a.zip'), geoParams(id))).status).toBe(403);
    expect((await geographyRoute.PUT(upload(fixture('hole-2234.zip'), 'a.zip'), geoParams(id))).status).toBe(403);
    signedIn.actor = manager;
    const other = await createOrganizationWithUsers(db, 'Elsewhere');
    const foreign = await db.agency.create({ data: { organizationId: other.org.id, name: 'Theirs' } });
    expect((await geographyRoute.PUT(upload(fixture('hole-2234.zip'), 'a.zip'), geoParams(foreign.id))).status).toBe(404);
    expect((await db.agency.findUniqueOrThrow({ where: { id: foreign.id } })).geography).toBeNull();
  });

  describe('bad input: a clear 4xx with the ingest code, and nothing saved', () => {
    let agencyId: string;
    beforeAll(async () => {
      signedIn.actor = manager;
      agencyId = await newAgency('Refusals');
      // A saved geography that every refused upload must leave as it was.
      const res = await geographyRoute.PUT(upload(fixture('hole-2234.zip'), 'original.zip'), geoParams(agencyId));
      expect(res.status).toBe(200);
    });

    async function expectRefused(req: Request, status: number, code: string, message: RegExp): Promise<ErrorBody> {
      const before = await db.agency.findUniqueOrThrow({ where: { id: agencyId } });
      const auditsBefore = await db.auditLog.count({ where: { entityId: agencyId } });
      const res = await geographyRoute.PUT(req, geoParams(agencyId));
      const body = (await res.json()) as ErrorBody;
      expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
      expect(body.error.message).toMatch(message);
      const after = await db.agency.findUniqueOrThrow({ where: { id: agencyId } });
      expect(after.geographyFileName).toBe('original.zip');
      expect(after.geographyUpdatedAt).toEqual(before.geographyUpdatedAt);
      expect(after.geography).toEqual(before.geography);
      expect(await db.auditLog.count({ where: { entityId: agencyId } })).toBe(auditsBefore);
      return body;
    }

    it('not a zip', async () => {
      await expectRefused(upload(fixture('not-a-zip.zip'), 'not-a-zip.zip'), 415, 'UNSUPPORTED_FORMAT', /neither a zipped shapefile nor GeoJSON/);
    });

    it('zip without .shp', async () => {
      await expectRefused(upload(fixture('no-shp.zip'), 'no-shp.zip'), 400, 'ZIP_NO_SHP', /contains no \.shp/);
    });

    it('corrupt .shp', async () => {
      await expectRefused(upload(fixture('corrupt-shp.zip'), 'corrupt-shp.zip'), 400, 'SHP_CORRUPT', /\.shp/);
    });

    it('oversized upload, streamed without a declared length', async () => {
      const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x20);
      await expectRefused(upload(big, 'huge.zip'), 413, 'UPLOAD_TOO_LARGE', /larger than the limit/);
    });

    it('oversized upload, refused from its Content-Length before the body is read', async () => {
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(1024));
        },
      });
      const req = new Request('http://localhost/upload', {
        method: 'PUT',
        body,
        duplex: 'half',
        headers: { ...SAME_ORIGIN, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(200 * 1024 * 1024) },
      } as RequestInit);
      await expectRefused(req, 413, 'UPLOAD_TOO_LARGE', /larger than the limit/);
      expect(pulled).toBeLessThanOrEqual(1); // at most the stream's initial fill, never the body
    });

    it('zip bomb (compression ratio)', async () => {
      await expectRefused(upload(fixture('zip-bomb-ratio.zip'), 'bomb.zip'), 413, 'ZIP_BOMB', /1029x/);
    });

    it('zip bomb (entry lying about its size)', async () => {
      await expectRefused(upload(fixture('zip-bomb-lying.zip'), 'bomb.zip'), 413, 'ZIP_BOMB', /inflates past its declared/);
    });

    it('non-polygon geometry', async () => {
      await expectRefused(upload(fixture('points.zip'), 'points.zip'), 422, 'NON_POLYGON_GEOMETRY', /polygon/i);
    });

    it('no features', async () => {
      await expectRefused(upload(fixture('only-null-shapes.zip'), 'empty.zip'), 422, 'NO_FEATURES', /no polygon features/);
    });

    it('projected coordinates without a .prj', async () => {
      await expectRefused(upload(fixture('projected-no-prj.zip'), 'district.zip'), 422, 'COORDINATES_NOT_LONLAT', /include the \.prj/);
    });

    it('a hole outside its exterior (not repairable by make-valid without guessing), with every refused ring listed', async () => {
      const doc = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], [[5, 5], [5, 6], [6, 6], [6, 5], [5, 5]]] };
      const body = await expectRefused(upload(Buffer.from(JSON.stringify(doc)), 'hole.json'), 422, 'INVALID_GEOMETRY', /hole outside/);
      expect(body.error.details?.refused?.length).toBeGreaterThan(0);
    });

    it('an encoding override outside the offered list', async () => {
      const req = upload(fixture('latin1-no-cpg.zip'), 'barrio.zip');
      const form = await req.formData();
      form.set('dbfEncoding', 'utf-7');
      await expectRefused(new Request('http://localhost/upload', { method: 'POST', body: form, headers: SAME_ORIGIN }), 400, 'bad_request', /dbfEncoding must be one of/);
    });

    it('no file field', async () => {
      const form = new FormData();
      form.set('other', 'x');
      await expectRefused(formRequest('PUT', form, 'http://localhost/upload'), 400, 'bad_request', /No file was uploaded/);
    });
  });
});
