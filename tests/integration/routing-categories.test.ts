import { readFileSync } from 'node:fs';
import path from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveGeography } from '@/lib/agencies/geography';
import { loadActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { agencyIndexFor, categoriesAtPoint } from '@/lib/routing/categories-at-point';
import { GET as publicCategories } from '@/app/api/public/orgs/[org]/categories/route';
import { createOrganizationWithUsers } from '../support/fixtures';

const fixture = (name: string): Buffer => readFileSync(path.join(import.meta.dirname, '../fixtures/geo', name));

// hole-2234.zip: a pentagon (lon -73.6..-72.2, lat 41.0..41.95) with a rectangular hole (-73.0..-72.8, 41.25..41.4).
const IN_OUTER = { lng: -73.4, lat: 41.2 };
const IN_HOLE = { lng: -72.9, lat: 41.3 };
const OUTSIDE = { lng: -74.5, lat: 41.2 };
const ON_HOLE_EDGE = { lng: -73.0, lat: 41.3 };

let ctx: Awaited<ReturnType<typeof createOrganizationWithUsers>>;
let manager: Actor;
let waterId: string;

async function ask(slug: string, q: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const url = new URL(`http://localhost/api/public/orgs/${slug}/categories`);
  for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
  const res = await publicCategories(new Request(url), { params: Promise.resolve({ org: slug }) });
  return { status: res.status, body: await res.json() };
}

const names = async (p: { lng: number; lat: number }) => (await categoriesAtPoint(ctx.org.id, p.lng, p.lat)).map((c) => c.name);

beforeAll(async () => {
  ctx = await createOrganizationWithUsers(db, 'Routing City');
  manager = (await loadActor(ctx.users.IMPLEMENTATION_MANAGER.id))!;
  waterId = (await db.agency.create({ data: { organizationId: ctx.org.id, name: 'Water' } })).id;
  const parksId = (await db.agency.create({ data: { organizationId: ctx.org.id, name: 'Parks' } })).id;
  await saveGeography(manager, ctx.org.id, waterId, 'hole-2234.zip', fixture('hole-2234.zip'));
  await db.requestType.createMany({
    data: [
      { organizationId: ctx.org.id, agencyId: waterId, name: 'Water main break' },
      { organizationId: ctx.org.id, agencyId: waterId, name: 'Hidden water thing', hidden: true },
      { organizationId: ctx.org.id, agencyId: parksId, name: 'Broken swing' },
      { organizationId: ctx.org.id, agencyId: null, name: 'Unassigned' },
    ],
  });
});

describe('categories at a point', () => {
  it('offers the agency categories inside the outer ring and none in the hole or outside', async () => {
    expect(await names(IN_OUTER)).toEqual(['Water main break']);
    expect(await names(IN_HOLE)).toEqual([]);
    expect(await names(OUTSIDE)).toEqual([]);
  });

  it('counts a point on a hole boundary as covered', async () => {
    expect(await names(ON_HOLE_EDGE)).toEqual(['Water main break']);
  });

  it('respects every part of a multipolygon and a hole in its second part', async () => {
    // multipolygon-hole-in-second-part.zip, in grid units g(x, y) = (-72.9 + x/100, 41.2 + y/100): an L
    // shape (0..10 by 0..2 and 0..2 by 0..10) and a rectangle (4..12 by 4..8) with a hole (5..7 by 5..7).
    // In an organization of its own: it lies inside Water's hole.
    const other = await createOrganizationWithUsers(db, 'Parkville');
    const parks = await db.agency.create({ data: { organizationId: other.org.id, name: 'Parks' } });
    await db.requestType.create({ data: { organizationId: other.org.id, agencyId: parks.id, name: 'Broken swing' } });
    await saveGeography(manager, other.org.id, parks.id, 'parks.zip', fixture('multipolygon-hole-in-second-part.zip'));
    const geometry = (await db.agency.findUniqueOrThrow({ where: { id: parks.id } })).geography as { coordinates: number[][][][] };
    expect(geometry.coordinates.map((p) => p.length)).toEqual([1, 2]);
    const g = (x: number, y: number) => categoriesAtPoint(other.org.id, -72.9 + x / 100, 41.2 + y / 100).then((cs) => cs.map((c) => c.name));
    expect(await g(1, 5)).toEqual(['Broken swing']); // first part (the L)
    expect(await g(11, 6)).toEqual(['Broken swing']); // second part
    expect(await g(6, 6)).toEqual([]); // the second part's hole
    expect(await g(3, 3)).toEqual([]); // between the parts, inside the L's bbox
  });

  it('reuses the index until a geography changes, then rebuilds it', async () => {
    const first = await agencyIndexFor(ctx.org.id);
    expect(await agencyIndexFor(ctx.org.id)).toBe(first);
    await db.agency.update({ where: { id: waterId }, data: { name: 'Water & Sewer' } });
    const renamed = await agencyIndexFor(ctx.org.id);
    expect(renamed).toBe(first);
    expect((await categoriesAtPoint(ctx.org.id, IN_OUTER.lng, IN_OUTER.lat))[0]?.agencyName).toBe('Water & Sewer');
    // Replace Water's pentagon with a small square away from it: the old index must not answer any more.
    const square = { type: 'Polygon', coordinates: [[[-70, 40], [-69, 40], [-69, 41], [-70, 41], [-70, 40]]] };
    await saveGeography(manager, ctx.org.id, waterId, 'square.geojson', Buffer.from(JSON.stringify(square)));
    const rebuilt = await agencyIndexFor(ctx.org.id);
    expect(rebuilt).not.toBe(first);
    expect(await names(IN_OUTER)).toEqual([]);
    expect(await names({ lng: -69.5, lat: 40.5 })).toEqual(['Water main break']);
    await saveGeography(manager, ctx.org.id, waterId, 'hole-2234.zip', fixture('hole-2234.zip'));
  });
});

describe('GET /api/public/orgs/[org]/categories', () => {
  it('answers without a session, with only id and name of visible categories', async () => {
    const inside = await ask(ctx.org.slug, { lat: String(IN_OUTER.lat), lng: String(IN_OUTER.lng) });
    expect(inside.status).toBe(200);
    const { categories } = inside.body as { categories: Array<Record<string, unknown>> };
    expect(categories.map((c) => c.name)).toEqual(['Water main break']);
    expect(Object.keys(categories[0]!).sort()).toEqual(['id', 'name']);
    const hole = await ask(ctx.org.slug, { lat: String(IN_HOLE.lat), lng: String(IN_HOLE.lng) });
    expect(hole).toEqual({ status: 200, body: { categories: [] } });
  });

  it('refuses a missing or out-of-range coordinate and an unknown organization', async () => {
    expect((await ask(ctx.org.slug, { lat: '41.2' })).status).toBe(400);
    expect((await ask(ctx.org.slug, { lat: '91', lng: '0' })).status).toBe(400);
    expect((await ask(ctx.org.slug, { lat: 'abc', lng: '0' })).status).toBe(400);
    expect((await ask('no-such-city', { lat: '0', lng: '0' })).status).toBe(404);
  });
});

describe('a 100,000-vertex boundary with a hole', () => {
  it('answers exactly like turf through the saved, cached index, and builds the index once', async () => {
    // Star-shaped (so simple) wavy boundary around (-100, 40), with a round hole in the middle.
    const ring = (n: number, r: (t: number) => number, clockwise: boolean): number[][] => {
      const pts: number[][] = [];
      for (let i = 0; i < n; i++) {
        const t = ((clockwise ? -i : i) / n) * 2 * Math.PI;
        pts.push([-100 + r(t) * Math.cos(t), 40 + r(t) * Math.sin(t)]);
      }
      pts.push(pts[0]!);
      return pts;
    };
    const outer = ring(100_000, (t) => 1 + 0.08 * Math.sin(37 * t) + 0.03 * Math.sin(1013 * t), false);
    const hole = ring(2_000, (t) => 0.3 + 0.02 * Math.sin(11 * t), true);
    const org = await createOrganizationWithUsers(db, 'Big County');
    const agency = await db.agency.create({ data: { organizationId: org.org.id, name: 'County' } });
    await db.requestType.create({ data: { organizationId: org.org.id, agencyId: agency.id, name: 'Road kill' } });

    const t0 = performance.now();
    await saveGeography(manager, org.org.id, agency.id, 'county.geojson', Buffer.from(JSON.stringify({ type: 'Polygon', coordinates: [outer, hole] })));
    const t1 = performance.now();
    const cached = await agencyIndexFor(org.org.id);
    const t2 = performance.now();
    const saved = (await db.agency.findUniqueOrThrow({ where: { id: agency.id } })).geography as unknown as MultiPolygon;
    expect(saved.coordinates[0]).toHaveLength(2);

    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const point = (): [number, number] => [-101.2 + rand() * 2.4, 38.8 + rand() * 2.4];
    const t3 = performance.now();
    let inside = 0;
    for (let i = 0; i < 20_000; i++) {
      const [x, y] = point();
      const expected = booleanPointInPolygon([x, y], saved);
      const got = cached.index.containing(x, y).includes(agency.id);
      if (got !== expected) expect({ x, y, got }).toEqual({ x, y, got: expected });
      if (got) inside++;
    }
    const t4 = performance.now();
    for (let i = 0; i < 100_000; i++) cached.index.containing(...point());
    const t5 = performance.now();
    // Both answers occur, and a good share of points fall in the wavy band near the boundary.
    expect(inside).toBeGreaterThan(5_000);
    expect(inside).toBeLessThan(19_000);
    for (let i = 0; i < 100; i++) {
      const [x, y] = point();
      const offered = (await categoriesAtPoint(org.org.id, x, y)).map((c) => c.name);
      expect(offered).toEqual(booleanPointInPolygon([x, y], saved) ? ['Road kill'] : []);
    }
    expect(await agencyIndexFor(org.org.id)).toBe(cached);
    console.info(
      `100k-vertex boundary: ingest+save ${(t1 - t0).toFixed(0)} ms, index build ${(t2 - t1).toFixed(0)} ms, ` +
        `index ${((100_000 / (t5 - t4)) * 1000).toFixed(0)} lookups/s vs turf ${((20_000 / (t4 - t3)) * 1000).toFixed(0)} (index + turf) pairs/s`,
    );
  });
});
