import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { ShortLivedCache } from '@/lib/cache/short-lived-cache';
import { organizationIdBySlug, REPORT_LOOKUP_TTL_MS } from '@/lib/crm/report-lookups';
import { InvalidReport, submitReport } from '@/lib/crm/submit-report';
import { handleOpen311 } from '@/lib/open311/handle';
import { clearCategoryIndexCache } from '@/lib/routing/categories-at-point';
import { startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';

/**
 * The reads a report repeats are kept per process for at most REPORT_LOOKUP_TTL_MS
 * (lib/crm/report-lookups.ts). What an admin changes must hold: a hidden or moved category is
 * refused at once (the write checks it again), and a changed form or boundary within the bound.
 */
let w: SyncWorld;
let slug: string;
let streets: string;
const ring = (x0: number, y0: number, x1: number, y1: number) => [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]];
const INSIDE = { lat: 39.799, lng: -89.65 };

beforeAll(async () => {
  w = await startSyncWorld(db);
  slug = (await db.organization.findUniqueOrThrow({ where: { id: w.organizationId } })).slug;
  const agency = await db.agency.create({
    data: { organizationId: w.organizationId, name: 'Streets', geography: { type: 'MultiPolygon', coordinates: ring(-89.7, 39.75, -89.6, 39.85) }, bbox: [-89.7, 39.75, -89.6, 39.85], geographyUpdatedAt: new Date() },
  });
  streets = agency.id;
  await db.requestType.updateMany({ where: { id: { in: [w.srTypeId, w.woTypeId] } }, data: { agencyId: agency.id } });
  clearCategoryIndexCache();
}, 30_000);
afterAll(async () => {
  await w?.close();
});

const report = (requestTypeId: string, extra: Partial<Parameters<typeof submitReport>[4]> = {}) =>
  submitReport(db, w.boss, w.organizationId, 'WEB', { requestTypeId, ...INSIDE, summary: 'Pothole', ...extra });
/** Resolves to the refusal when the report is refused as invalid, to false when it is saved. */
const refusedOrFalse = (p: Promise<unknown>): Promise<InvalidReport | false> =>
  p.then(
    () => false,
    (e: unknown) => (e instanceof InvalidReport ? e : false),
  );
const issues = () => db.issue.count({ where: { organizationId: w.organizationId } });

async function refusal(p: Promise<unknown>): Promise<InvalidReport> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidReport);
  return err as InvalidReport;
}

describe('reports against a category read a moment ago', () => {
  it('a category hidden by an admin is refused at once, with its form still cached, and nothing is saved', async () => {
    const category = await db.requestType.create({ data: { organizationId: w.organizationId, agencyId: streets, name: 'Graffiti' } });
    await report(category.id); // the form is now cached
    await db.requestType.update({ where: { id: category.id }, data: { hidden: true } });
    const before = await issues();
    expect((await refusal(report(category.id))).kind).toBe('unknown-category');
    expect(await issues()).toBe(before);
  });

  it('Open311 answers 404 for a category hidden a moment ago, and saves nothing', async () => {
    const category = await db.requestType.create({ data: { organizationId: w.organizationId, agencyId: streets, name: 'Litter' } });
    const post = () =>
      handleOpen311(db, async () => w.boss, new Request(`http://localhost/open311/v2/${slug}/requests.json`, { method: 'POST', body: new URLSearchParams({ service_code: category.id, lat: String(INSIDE.lat), long: String(INSIDE.lng), description: 'Cans' }) }), slug, ['requests.json']);
    expect((await post()).status).toBe(201);
    await db.requestType.update({ where: { id: category.id }, data: { hidden: true } });
    const before = await issues();
    expect((await post()).status).toBe(404);
    expect(await issues()).toBe(before);
  });

  it('a category moved to an agency whose area does not hold the point is refused at once', async () => {
    const category = await db.requestType.create({ data: { organizationId: w.organizationId, agencyId: streets, name: 'Sign down' } });
    await report(category.id);
    const parks = await db.agency.create({
      data: { organizationId: w.organizationId, name: 'Parks', geography: { type: 'MultiPolygon', coordinates: ring(-88.1, 40.1, -88.0, 40.2) }, bbox: [-88.1, 40.1, -88.0, 40.2], geographyUpdatedAt: new Date() },
    });
    await db.requestType.update({ where: { id: category.id }, data: { agencyId: parks.id } });
    const before = await issues();
    expect((await refusal(report(category.id))).kind).toBe('unknown-category');
    expect(await issues()).toBe(before);
  });

  it('a question made required applies within the bound, not later: the form is served from the cache until then', async () => {
    const category = await db.requestType.create({ data: { organizationId: w.organizationId, agencyId: streets, name: 'Streetlight out' } });
    const pole = await db.question.create({ data: { requestTypeId: category.id, text: 'Pole number', sequence: 1, format: 'FREETEXT', isRequired: false } });
    await report(category.id);
    const changedAt = performance.now();
    await db.question.update({ where: { id: pole.id }, data: { isRequired: true } });
    // Right after the change the cached form still lets the report in (the cache is in use) ...
    await report(category.id);
    // ... and within the bound (plus scheduling slack) the new rule holds.
    const refused = await waitFor(() => refusedOrFalse(report(category.id)), REPORT_LOOKUP_TTL_MS + 2000);
    expect(performance.now() - changedAt).toBeLessThan(REPORT_LOOKUP_TTL_MS + 2000);
    expect(refused.problems.map((p) => p.field)).toEqual([`answers.${pole.id}`]);
  });

  it('a boundary replaced by an admin applies to reports within the bound', async () => {
    const category = await db.requestType.create({ data: { organizationId: w.organizationId, agencyId: streets, name: 'Tree down' } });
    const yard = await db.agency.create({
      data: { organizationId: w.organizationId, name: 'Yard', geography: { type: 'MultiPolygon', coordinates: ring(-89.7, 39.75, -89.6, 39.85) }, bbox: [-89.7, 39.75, -89.6, 39.85], geographyUpdatedAt: new Date() },
    });
    await db.requestType.update({ where: { id: category.id }, data: { agencyId: yard.id } });
    await waitFor(() => report(category.id).then(() => true, () => false), REPORT_LOOKUP_TTL_MS + 2000);
    // The yard's area moves away from the point.
    await db.agency.update({ where: { id: yard.id }, data: { geography: { type: 'MultiPolygon', coordinates: ring(-88.1, 40.1, -88.0, 40.2) }, bbox: [-88.1, 40.1, -88.0, 40.2], geographyUpdatedAt: new Date() } });
    const refused = await waitFor(() => refusedOrFalse(report(category.id)), REPORT_LOOKUP_TTL_MS + 2000);
    expect(refused.problems.map((p) => p.field)).toEqual(['location']);
  });

  it('an unknown slug is null, and a new organization is found within the bound', async () => {
    const later = `later-${Date.now()}`;
    expect(await organizationIdBySlug(db, later)).toBeNull();
    const org = await db.organization.create({ data: { slug: later, title: 'Shelbyville' } });
    expect(await waitFor(() => organizationIdBySlug(db, later), REPORT_LOOKUP_TTL_MS + 2000)).toBe(org.id);
  });
});

describe('ShortLivedCache', () => {
  it('keeps a value for its time to live, shares one load between concurrent gets, and does not keep a failed load', async () => {
    const cache = new ShortLivedCache<number>(60_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    expect(await cache.get('a', load)).toBe(1);
    await expect(cache.get('b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('b', load)).toBe(2);
  });

  it('loads again once the time to live has passed', async () => {
    const cache = new ShortLivedCache<number>(50);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    expect(await waitFor(async () => ((await cache.get('a', load)) === 2 ? 2 : false), 2000)).toBe(2);
  });

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    const cache = new ShortLivedCache<string>(60_000, 2);
    let loads = 0;
    const load = (v: string) => async () => (loads++, v);
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('c', load('c'));
    expect(loads).toBe(3);
    await cache.get('b', load('b'));
    await cache.get('c', load('c'));
    expect(loads).toBe(3);
    await cache.get('a', load('a'));
    expect(loads).toBe(4);
  });
});
