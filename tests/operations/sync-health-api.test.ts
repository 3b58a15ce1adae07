import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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
const { jobSender } = await import('@/lib/jobs/sender');
const listRoute = await import('@/app/api/orgs/[org]/sync-health/route');
const healthRoute = await import('@/app/api/orgs/[org]/sync-health/[id]/route');
const pauseRoute = await import('@/app/api/orgs/[org]/sync-health/[id]/pause/route');
const deadRoute = await import('@/app/api/orgs/[org]/sync-health/[id]/dead-letters/route');
const deadItemRoute = await import('@/app/api/orgs/[org]/sync-health/[id]/dead-letters/[submissionId]/route');

let ctx: Awaited<ReturnType<typeof createOrganizationWithUsers>>;
let manager: Actor;
let staff: Actor;
let integrationId: string;
let deadId: string;

const post = (body: unknown) => jsonRequest('POST', body);
const get = () => new Request('http://localhost/');
const p = (extra: Record<string, string> = {}) => ({ params: Promise.resolve({ org: ctx.org.slug, id: integrationId, ...extra }) as Promise<{ org: string; id: string; submissionId: string }> });

beforeAll(async () => {
  ctx = await createOrganizationWithUsers(db, 'Ops Town');
  manager = (await loadActor(ctx.users.IMPLEMENTATION_MANAGER.id))!;
  staff = (await loadActor(ctx.users.STAFF.id))!;
  integrationId = (await db.integration.create({ data: { organizationId: ctx.org.id } })).id;
  const issue = await db.issue.create({ data: { organizationId: ctx.org.id, summary: 'Refused', lat: 1, lng: 1 } });
  deadId = (await db.submission.create({ data: { integrationId, issueId: issue.id, kind: 'ISSUE', idempotencyKey: `api:${issue.id}`, state: 'DEAD', attempts: 1, lastError: 'Problem not found', lastErrorClass: 'cityworks.not-found' } })).id;
  // The web process's job sender creates pg-boss's schema on first use, as a worker would.
  await jobSender();
}, 30_000);
afterAll(async () => {
  await (await jobSender()).stop({ graceful: false, timeout: 2000 });
});
beforeEach(() => {
  signedIn.actor = manager;
});

describe('sync health API', () => {
  it('anyone who may view the integration reads health, alerts and dead letters; staff may not act', async () => {
    signedIn.actor = staff;
    const health = await healthRoute.GET(get(), p());
    expect(health.status).toBe(200);
    expect(((await health.json()) as { submissions: { DEAD: number } }).submissions.DEAD).toBe(1);
    const list = (await (await listRoute.GET(get(), p())).json()) as { alerts: { kind: string }[] };
    expect(list.alerts.map((a) => a.kind)).toEqual(['dead-letters']);
    const dead = (await (await deadRoute.GET(get(), p())).json()) as { total: number; items: { submissionId: string; causeInOurData: boolean }[] };
    expect(dead).toMatchObject({ total: 1, items: [{ submissionId: deadId, causeInOurData: true }] });
    expect((await pauseRoute.POST(post({ paused: true }), p())).status).toBe(403);
    expect((await deadRoute.POST(post({ action: 'retry-all' }), p())).status).toBe(403);
    expect((await deadItemRoute.POST(post({ action: 'skip' }), p({ submissionId: deadId }))).status).toBe(403);
    expect((await db.integration.findUniqueOrThrow({ where: { id: integrationId } })).pausedAt).toBeNull();
    expect((await db.submission.findUniqueOrThrow({ where: { id: deadId } })).state).toBe('DEAD');
  });

  it('an implementation manager pauses and resumes; a malformed body is a 400 that changes nothing', async () => {
    expect((await pauseRoute.POST(post({ paused: 'yes' }), p())).status).toBe(400);
    const paused = await pauseRoute.POST(post({ paused: true }), p());
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ paused: true, changed: true });
    expect((await db.integration.findUniqueOrThrow({ where: { id: integrationId } })).pausedAt).not.toBeNull();
    const resumed = await pauseRoute.POST(post({ paused: false }), p());
    expect(await resumed.json()).toEqual({ paused: false, requeued: 0, changed: true });
    expect((await db.integration.findUniqueOrThrow({ where: { id: integrationId } })).pausedAt).toBeNull();
  });

  it('an unknown action is a 400; skip marks the dead letter SKIPPED and audits the reason', async () => {
    expect((await deadItemRoute.POST(post({ action: 'explode' }), p({ submissionId: deadId }))).status).toBe(400);
    const skipped = await deadItemRoute.POST(post({ action: 'skip', reason: 'Reported twice' }), p({ submissionId: deadId }));
    expect(skipped.status).toBe(200);
    expect((await db.submission.findUniqueOrThrow({ where: { id: deadId } })).state).toBe('SKIPPED');
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: 'sync.dead-letter.skip', entityId: deadId } });
    expect(entry).toMatchObject({ actorEmail: manager.email, changes: { reason: 'Reported twice' } });
    // Not a dead letter any more: acting on it again is refused.
    expect((await deadItemRoute.POST(post({ action: 'retry' }), p({ submissionId: deadId }))).status).toBe(400);
  });

  it('another organization gets 404 for the integration and its dead letters', async () => {
    const other = await createOrganizationWithUsers(db, 'Other Ops');
    signedIn.actor = (await loadActor(other.users.IMPLEMENTATION_MANAGER.id))!;
    const foreign = { params: Promise.resolve({ org: other.org.slug, id: integrationId, submissionId: deadId }) };
    expect((await healthRoute.GET(get(), foreign)).status).toBe(404);
    expect((await pauseRoute.POST(post({ paused: true }), foreign)).status).toBe(404);
    expect((await deadItemRoute.POST(post({ action: 'retry' }), foreign)).status).toBe(404);
    expect((await db.integration.findUniqueOrThrow({ where: { id: integrationId } })).pausedAt).toBeNull();
  });
});
