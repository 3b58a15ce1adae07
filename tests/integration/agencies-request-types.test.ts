import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { createOrganizationWithUsers } from '../support/fixtures';
import { jsonRequest } from '../support/http';

const signedIn: { actor: Actor | null } = { actor: null };
vi.mock('@/lib/auth/session', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/session')>();
  return { ...original, currentActor: async () => signedIn.actor };
});

const { loadActor } = await import('@/lib/auth/session');
const listRoute = await import('@/app/api/orgs/[org]/request-types/route');
const itemRoute = await import('@/app/api/orgs/[org]/request-types/[id]/route');

let ctx: Awaited<ReturnType<typeof createOrganizationWithUsers>>;
let manager: Actor;
let agencyId: string;

const json = (method: string, body: unknown) => jsonRequest(method, body);
const orgParams = () => ({ params: Promise.resolve({ org: ctx.org.slug }) });
const itemParams = (id: string) => ({ params: Promise.resolve({ org: ctx.org.slug, id }) });

beforeAll(async () => {
  ctx = await createOrganizationWithUsers(db, 'Types Town');
  manager = (await loadActor(ctx.users.IMPLEMENTATION_MANAGER.id))!;
  agencyId = (await db.agency.create({ data: { organizationId: ctx.org.id, name: 'Streets' } })).id;
});

beforeEach(() => {
  signedIn.actor = manager;
});

describe('request types API', () => {
  it('creates a local request type, assigns it to an agency and back to none, auditing each change', async () => {
    const created = await listRoute.POST(json('POST', { name: 'Pothole' }), orgParams());
    expect(created.status).toBe(201);
    const { requestType } = (await created.json()) as { requestType: { id: string } };
    expect((await itemRoute.PATCH(json('PATCH', { agencyId }), itemParams(requestType.id))).status).toBe(200);
    const listed = (await (await listRoute.GET(new Request('http://localhost/'), orgParams())).json()) as { requestTypes: Array<{ id: string; agencyName: string | null; source: string }> };
    expect(listed.requestTypes.find((t) => t.id === requestType.id)).toMatchObject({ agencyName: 'Streets', source: 'local' });
    expect((await itemRoute.PATCH(json('PATCH', { agencyId: null }), itemParams(requestType.id))).status).toBe(200);
    expect((await db.requestType.findUniqueOrThrow({ where: { id: requestType.id } })).agencyId).toBeNull();
    const audits = await db.auditLog.findMany({ where: { entityId: requestType.id }, orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['requestType.create', 'requestType.assignAgency', 'requestType.assignAgency']);
    expect(audits[1]!.changes).toEqual({ agencyId: { old: null, new: agencyId } });
  });

  it('refuses an agency or request type of another organization with 404, changing nothing', async () => {
    const other = await createOrganizationWithUsers(db, 'Other Types');
    const foreignAgency = await db.agency.create({ data: { organizationId: other.org.id, name: 'Theirs' } });
    const foreignType = await db.requestType.create({ data: { organizationId: other.org.id, name: 'Theirs' } });
    const mine = await db.requestType.create({ data: { organizationId: ctx.org.id, name: 'Mine' } });
    expect((await itemRoute.PATCH(json('PATCH', { agencyId: foreignAgency.id }), itemParams(mine.id))).status).toBe(404);
    expect((await itemRoute.PATCH(json('PATCH', { agencyId }), itemParams(foreignType.id))).status).toBe(404);
    expect((await listRoute.POST(json('POST', { name: 'X', agencyId: foreignAgency.id }), orgParams())).status).toBe(404);
    expect((await db.requestType.findUniqueOrThrow({ where: { id: mine.id } })).agencyId).toBeNull();
    expect((await db.requestType.findUniqueOrThrow({ where: { id: foreignType.id } })).agencyId).toBeNull();
  });

  it('lets staff and customer admins read but not change request types', async () => {
    const rt = await db.requestType.create({ data: { organizationId: ctx.org.id, name: 'Graffiti' } });
    for (const role of ['STAFF', 'CUSTOMER_ADMIN'] as const) {
      signedIn.actor = (await loadActor(ctx.users[role].id))!;
      expect((await listRoute.GET(new Request('http://localhost/'), orgParams())).status).toBe(200);
      expect((await listRoute.POST(json('POST', { name: 'Nope' }), orgParams())).status).toBe(403);
      expect((await itemRoute.PATCH(json('PATCH', { agencyId }), itemParams(rt.id))).status).toBe(403);
    }
    expect((await db.requestType.findUniqueOrThrow({ where: { id: rt.id } })).agencyId).toBeNull();
  });
});
