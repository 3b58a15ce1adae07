import type { MultiPolygon } from 'geojson';
import { db } from '@/lib/db';
import { buildPointIndex, type PointIndex } from '@/lib/geo/point-index';

/**
 * "Which categories may be reported here?": the organization's visible request types whose agency
 * geography covers the point. Holes are cut out and every part of a multipolygon counts; a point on
 * a boundary belongs to the agencies on both sides (lib/geo/point-index.ts).
 */

export interface CategoryAtPoint {
  id: string;
  name: string;
  agencyId: string;
  agencyName: string;
}

interface CachedIndex {
  key: string;
  /** When the key was last compared with the agencies' stamps (performance.now()). */
  checkedAt: number;
  index: PointIndex;
  names: Map<string, string>;
}

// Per organization, keyed by which agencies have a geography and when each was last replaced, so a
// 100,000-vertex boundary is indexed once per upload rather than once per report.
const cache = new Map<string, CachedIndex>();
const builds = new Map<string, Promise<CachedIndex>>();

/**
 * The organization's point index, checked against the agencies' stamps on every call, or, with
 * `maxStaleMs`, only when the last check is older than that (a report's point check: a boundary
 * replaced is then used within the bound instead of costing a query on every report).
 */
export async function agencyIndexFor(organizationId: string, options: { maxStaleMs?: number } = {}): Promise<CachedIndex> {
  const recent = cache.get(organizationId);
  if (recent && options.maxStaleMs !== undefined && performance.now() - recent.checkedAt < options.maxStaleMs) return recent;
  const checkedAt = performance.now();
  const stamps = await db.agency.findMany({
    where: { organizationId, geographyUpdatedAt: { not: null } },
    select: { id: true, name: true, geographyUpdatedAt: true },
    orderBy: { id: 'asc' },
  });
  const key = stamps.map((a) => `${a.id}@${a.geographyUpdatedAt!.getTime()}`).join('|');
  const cached = cache.get(organizationId);
  if (cached && cached.key === key) {
    // Renames do not change the geometry; keep the index, refresh the names.
    for (const a of stamps) cached.names.set(a.id, a.name);
    cached.checkedAt = Math.max(cached.checkedAt, checkedAt);
    return cached;
  }
  const inflight = builds.get(`${organizationId}#${key}`);
  if (inflight) return inflight;
  const build = (async () => {
    const rows = await db.agency.findMany({
      where: { id: { in: stamps.map((a) => a.id) }, organizationId },
      select: { id: true, name: true, geography: true, geographyUpdatedAt: true },
    });
    // A row replaced between the two reads would carry a newer stamp than the key; such an index is
    // still correct for its rows, and the next call sees the new key and rebuilds.
    const entries = rows.filter((r) => r.geography !== null).map((r) => ({ id: r.id, geometry: r.geography as unknown as MultiPolygon }));
    const built: CachedIndex = { key, checkedAt, index: buildPointIndex(entries), names: new Map(rows.map((r) => [r.id, r.name])) };
    cache.set(organizationId, built);
    return built;
  })();
  builds.set(`${organizationId}#${key}`, build);
  try {
    return await build;
  } finally {
    builds.delete(`${organizationId}#${key}`);
  }
}

export async function agenciesAtPoint(organizationId: string, lon: number, lat: number, options: { maxStaleMs?: number } = {}): Promise<string[]> {
  const { index } = await agencyIndexFor(organizationId, options);
  return index.containing(lon, lat);
}

export async function categoriesAtPoint(organizationId: string, lon: number, lat: number): Promise<CategoryAtPoint[]> {
  const { index, names } = await agencyIndexFor(organizationId);
  const agencyIds = index.containing(lon, lat);
  if (agencyIds.length === 0) return [];
  const types = await db.requestType.findMany({
    where: { organizationId, hidden: false, agencyId: { in: agencyIds } },
    select: { id: true, name: true, displayName: true, agencyId: true },
  });
  return types
    .map((t) => ({ id: t.id, name: t.displayName ?? t.name, agencyId: t.agencyId!, agencyName: names.get(t.agencyId!) ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** For tests and for a process that knows geographies changed outside this one (none does today). */
export function clearCategoryIndexCache(): void {
  cache.clear();
}
