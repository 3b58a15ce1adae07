import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { db } from '@/lib/db';
import { createBoss, ensureQueues } from '@/lib/jobs/boss';
import { queues } from '@/lib/jobs/queues';
import { listDeadLetters } from '@/lib/operations/dead-letters';
import { integrationHealth } from '@/lib/operations/health';
import { organizationAlerts } from '@/lib/operations/stream-health';

const MIN = 60_000;
const THRESHOLD = 15 * MIN;
let boss: PgBoss;
let org: { id: string };
let integrationId: string;

beforeAll(async () => {
  boss = createBoss(process.env.DATABASE_URL!);
  boss.on('error', () => undefined);
  await boss.start();
  await ensureQueues(boss);
  org = await db.organization.create({ data: { slug: `health-${Date.now()}`, title: 'Health City' } });
  integrationId = (await db.integration.create({ data: { organizationId: org.id, settings: { schedules: { pollIntervalSeconds: 60 } } } })).id;
}, 30_000);
afterAll(async () => {
  await boss?.stop({ graceful: false, timeout: 2000 });
});

describe('integration health', () => {
  it('reports failures by class, latency percentiles and hourly activity over the last 24 hours only', async () => {
    const now = new Date();
    const at = (msAgo: number) => new Date(now.getTime() - msAgo);
    await db.syncEvent.createMany({
      data: [
        // 1..100 ms, one call each, in the last hour: p50 50.5, p95 95.05, p99 99.01.
        ...Array.from({ length: 100 }, (_, i) => ({ integrationId, operation: 'ServiceRequest/ByIds', outcome: 'OK' as const, latencyMs: i + 1, createdAt: at(10 * MIN) })),
        { integrationId, operation: 'ServiceRequest/Create', outcome: 'ERROR', errorClass: 'cityworks.http', latencyMs: 5, createdAt: at(3 * 3600_000) },
        { integrationId, operation: 'ServiceRequest/Create', outcome: 'ERROR', errorClass: 'cityworks.http', createdAt: at(3 * 3600_000) },
        { integrationId, operation: 'submit-issue', outcome: 'ERROR', errorClass: 'cityworks.validation', createdAt: at(3 * 3600_000) },
        { integrationId, operation: 'submit-issue', outcome: 'ERROR', createdAt: at(5 * MIN) },
        // Older than 24 hours: not counted.
        { integrationId, operation: 'ServiceRequest/Create', outcome: 'ERROR', errorClass: 'cityworks.timeout', latencyMs: 10_000, createdAt: at(25 * 3600_000) },
      ],
    });
    const h = await integrationHealth(db, org.id, integrationId, { now, lagThresholdMs: THRESHOLD });
    expect(h.failures24h).toEqual([
      { errorClass: 'cityworks.http', count: 2 },
      { errorClass: 'cityworks.validation', count: 1 },
      { errorClass: 'unclassified', count: 1 },
    ]);
    expect(h.latency24h.calls).toBe(101);
    // With the one 5 ms call: the sorted values are 1,2,3,4,5,5,6..100.
    expect(h.latency24h.p50).toBe(50);
    expect(h.latency24h.p95).toBe(95);
    expect(h.latency24h.p99).toBe(99);
    expect(h.hourly24h).toHaveLength(24);
    expect(h.hourly24h.reduce((n, b) => n + b.ok, 0)).toBe(100);
    expect(h.hourly24h.reduce((n, b) => n + b.error, 0)).toBe(4);
    expect(h.hourly24h.at(-1)!.hour <= now.toISOString()).toBe(true);
  });

  it('reports stream windows and lag, submission counts, queue depths and authentication state, with alerts', async () => {
    const now = new Date();
    await db.syncCursor.create({
      data: { integrationId, stream: 'poll-updates', cursor: { progress: { state: 'succeeded', startedAt: new Date(now.getTime() - 40 * MIN).toISOString(), done: 3, total: 3, message: null } }, windowStart: new Date(now.getTime() - 41 * MIN), windowEnd: new Date(now.getTime() - 40 * MIN), lastSuccessAt: new Date(now.getTime() - 40 * MIN), lagMs: 900 },
    });
    await db.syncCursor.create({ data: { integrationId, stream: 'categories', cursor: {}, windowEnd: new Date(now.getTime() - 50 * MIN), lastSuccessAt: new Date(now.getTime() - 50 * MIN), lagMs: 10 } });
    const issue = await db.issue.create({ data: { organizationId: org.id, summary: 'Held', lat: 1, lng: 1 } });
    await db.submission.create({ data: { integrationId, issueId: issue.id, kind: 'ISSUE', idempotencyKey: `h1:${issue.id}`, createdAt: new Date(now.getTime() - 20 * MIN) } });
    await db.submission.create({ data: { integrationId, issueId: issue.id, kind: 'COMMENT', idempotencyKey: `h2:${issue.id}`, state: 'DEAD', lastError: 'Refused', lastErrorClass: 'cityworks.validation' } });
    await boss.send(queues.pollUpdates.name, { integrationId });
    await db.integration.update({ where: { id: integrationId }, data: { authFailingSince: new Date(now.getTime() - 5 * MIN), authFailureReason: 'The password was refused.' } });

    const h = await integrationHealth(db, org.id, integrationId, { now, lagThresholdMs: THRESHOLD });
    const poll = h.streams.find((s) => s.stream === 'poll-updates')!;
    expect(poll).toMatchObject({ enabled: true, lagMsAtSuccess: 900, lastRunState: 'succeeded', expectedIntervalMs: 60_000, late: true });
    expect(poll.currentLagMs).toBe(40 * MIN);
    // Hourly categories 50 minutes ago are on schedule; a switched-off import is never late.
    expect(h.streams.find((s) => s.stream === 'sync-categories')).toMatchObject({ late: false, currentLagMs: 50 * MIN });
    expect(h.streams.find((s) => s.stream === 'import-requests')).toMatchObject({ enabled: false, late: false });
    expect(h.streams.find((s) => s.stream === 'submit')).toMatchObject({ currentLagMs: 20 * MIN, late: true });
    expect(h.submissions).toEqual({ PENDING: 1, IN_FLIGHT: 0, SUCCEEDED: 0, DEAD: 1, SKIPPED: 0 });
    expect(h.queues.find((q) => q.queue === queues.pollUpdates.name)).toEqual({ queue: 'poll-updates', created: 1, retry: 0, active: 0, failed: 0 });
    expect(h.auth).toEqual({ failing: true, since: new Date(now.getTime() - 5 * MIN).toISOString(), reason: 'The password was refused.' });
    expect(h.alerts.map((a) => a.kind).sort()).toEqual(['auth-failing', 'dead-letters', 'lag', 'lag']);

    const alerts = await organizationAlerts(db, org.id, THRESHOLD, now);
    expect(alerts).toEqual(h.alerts);

    // Paused: one pause alert instead of lag alerts.
    await db.integration.update({ where: { id: integrationId }, data: { pausedAt: now, authFailingSince: null, authFailureReason: null } });
    expect((await organizationAlerts(db, org.id, THRESHOLD, now)).map((a) => a.kind)).toEqual(['paused', 'dead-letters']);
    // A longer threshold: nothing is late any more.
    await db.integration.update({ where: { id: integrationId }, data: { pausedAt: null } });
    expect((await organizationAlerts(db, org.id, 60 * MIN, now)).map((a) => a.kind)).toEqual(['dead-letters']);
  });

  it('lists failed runs of the other streams and dead-letter jobs that belong to no submission', async () => {
    await boss.send(queues.importRequests.name, { integrationId }, { retryLimit: 0 });
    const [job] = await boss.fetch<{ integrationId: string }>(queues.importRequests.name);
    expect(job).toBeTruthy();
    await boss.fail(queues.importRequests.name, job!.id, { message: 'Cityworks answered HTTP 500' });
    await boss.send(queues.deadLetter.name, { integrationId, queue: 'sync-categories', reason: 'Category list was not JSON' });
    const { otherJobs } = await listDeadLetters(db, org.id, integrationId);
    expect(otherJobs.map((j) => [j.queue, j.error]).sort()).toEqual([
      ['import-requests', 'Cityworks answered HTTP 500'],
      ['sync-categories', 'Category list was not JSON'],
    ]);
    expect(otherJobs.find((j) => j.queue === 'import-requests')).toMatchObject({ id: job!.id, attempts: 1 });
  });

  it('another organization gets a 404', async () => {
    const other = await db.organization.create({ data: { slug: `health-other-${Date.now()}`, title: 'Other' } });
    await expect(integrationHealth(db, other.id, integrationId, { lagThresholdMs: THRESHOLD })).rejects.toMatchObject({ status: 404 });
  });
});
