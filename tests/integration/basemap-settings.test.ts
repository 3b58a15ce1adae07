import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { basemapFor } from '@/lib/maps/basemap';
import { createOrganizationWithUsers } from '../support/fixtures';
import { jsonRequest } from '../support/http';

// The routes read the signed-in actor from next-auth; here each request says who is signed in.
const signedIn: { actor: Actor | null } = { actor: null };
vi.mock('@/lib/auth/session', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/session')>();
  return { ...original, currentActor: async () => signedIn.actor };
});
const { loadActor } = await import('@/lib/auth/session');
const route = await import('@/app/api/orgs/[org]/basemap/route');

let ctx: Awaited<ReturnType<typeof createOrganizationWithUsers>>;
const put = (body: unknown) =>
  route.PUT(jsonRequest('PUT', body), { params: Promise.resolve({ org: ctx.org.slug }) });

beforeAll(async () => {
  ctx = await createOrganizationWithUsers(db, 'Basemap Town');
});

describe('organization basemap setting', () => {
  it('the customer admin sets the city ArcGIS basemap; maps get its tile template; the change is audited; null goes back to the default', async () => {
    signedIn.actor = await loadActor(ctx.users.CUSTOMER_ADMIN.id);
    const arcgis = { kind: 'arcgis', url: 'https://gis.basemap-town.example/arcgis/rest/services/Base/MapServer', attribution: 'Basemap Town GIS' };
    expect((await put({ basemap: arcgis })).status).toBe(200);
    expect(await basemapFor(ctx.org.id)).toEqual({
      tileUrl: 'https://gis.basemap-town.example/arcgis/rest/services/Base/MapServer/tile/{z}/{y}/{x}',
      attribution: 'Basemap Town GIS',
      source: 'organization',
    });
    const entry = await db.auditLog.findFirstOrThrow({ where: { organizationId: ctx.org.id, action: 'organization.basemap.set' } });
    expect(entry.changes).toEqual({ basemap: { old: null, new: arcgis } });

    expect((await put({ basemap: null })).status).toBe(200);
    expect((await db.organization.findUniqueOrThrow({ where: { id: ctx.org.id } })).basemap).toBeNull();
    expect(await db.auditLog.count({ where: { organizationId: ctx.org.id, action: 'organization.basemap.set' } })).toBe(2);
  });

  it('refuses staff, and an invalid template with the field named; nothing changes', async () => {
    signedIn.actor = await loadActor(ctx.users.STAFF.id);
    const refused = await put({ basemap: null });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    signedIn.actor = await loadActor(ctx.users.IMPLEMENTATION_MANAGER.id);
    const res = await put({ basemap: { kind: 'xyz', url: 'https://tiles.example.org/tile.png', attribution: 'x' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: Array<{ path: string; message: string }> } };
    expect(body.error.details).toEqual([{ path: 'basemap.url', message: 'A tile template must contain {z}, {x} and {y}' }]);
    expect((await db.organization.findUniqueOrThrow({ where: { id: ctx.org.id } })).basemap).toBeNull();
  });
});
