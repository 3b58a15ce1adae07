import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createIssue } from '@/lib/crm/create-issue';
import { queues } from '@/lib/jobs/queues';
import { sendSubmitIssue } from '@/lib/jobs/send';
import { startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';

/**
 * Retry-After on a 503 decides when the retry runs. The emulator's http503 fault answers
 * Retry-After: 1, which pg-boss's own first backoff (about 1-2 s) would satisfy by chance; this
 * world stretches the header to 4 s on its way to the client so the test can tell the two apart.
 */
const ASKED_S = 4;
const stretchRetryAfter: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (res.status !== 503 || !res.headers.get('retry-after')) return res;
  const headers = new Headers(res.headers);
  headers.set('retry-after', String(ASKED_S));
  return new Response(await res.arrayBuffer(), { status: res.status, statusText: res.statusText, headers });
};

let w: SyncWorld;
beforeAll(async () => {
  w = await startSyncWorld(db, { fetch: stretchRetryAfter });
}, 30_000);
afterAll(async () => {
  await w?.close();
});

const REPORT = { summary: 'Streetlight out', description: 'Dark corner', lat: 39.7817, lng: -89.6501, address: '5 Elm St', reporterName: 'Ada', reporterEmail: null };

describe('Retry-After', () => {
  it('a 503 with Retry-After is retried no sooner than the server asked, once, and the retry budget carries over', async () => {
    w.emu.faults.set({ service: 'ServiceRequest/Create', kind: 'http503', times: 1 });
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    await waitFor(async () => (await db.issue.findUniqueOrThrow({ where: { id: created.id } })).status === 'ACKNOWLEDGED', 30_000);

    const mine = (c: { service: string; data: unknown }) => c.service === 'ServiceRequest/Create' && (c.data as { OtherSystemId?: string }).OtherSystemId === String(created.number);
    const creates = w.emu.calls.filter(mine);
    expect(creates).toHaveLength(2);
    const gapMs = Date.parse(creates[1]!.at) - Date.parse(creates[0]!.at);
    expect(gapMs).toBeGreaterThanOrEqual(ASKED_S * 1000);
    expect(w.emu.state.requests.filter((r) => r.OtherSystemId === String(created.number))).toHaveLength(1);

    // The failed attempt completed its job and scheduled the next one itself, due when the server asked.
    const jobs = await db.$queryRawUnsafe<{ state: string; retry_count: number; data: { priorRetries?: number }; start_after: Date; created_on: Date }[]>(
      `SELECT state::text, retry_count, data, start_after, created_on FROM pgboss.job WHERE name = 'submit-issue' AND data->>'submissionId' = $1 ORDER BY created_on`,
      created.submissionId,
    );
    expect(jobs.map((j) => [j.state, j.retry_count, j.data.priorRetries ?? 0])).toEqual([
      ['completed', 0, 0],
      ['completed', 0, 1],
    ]);
    expect(jobs[1]!.start_after.getTime() - jobs[1]!.created_on.getTime()).toBeGreaterThanOrEqual(ASKED_S * 1000 - 1000);

    const events = await db.syncEvent.findMany({ where: { issueId: created.id }, orderBy: { id: 'asc' } });
    const failure = events.find((e) => e.operation === 'submit-issue' && e.outcome === 'ERROR');
    expect(failure).toMatchObject({ errorClass: 'cityworks.http', attempt: 1 });
    expect(failure?.message).toMatch(/^will retry in 4\.0 s \(the server asked for 4 s\)/);
    expect(events.find((e) => e.operation === 'ServiceRequest/Create' && e.outcome === 'ERROR')).toMatchObject({ attempt: 1, details: { httpStatus: 503 } });
    const s = await db.submission.findFirstOrThrow({ where: { issueId: created.id } });
    expect(s).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  });

  it('a retry it scheduled itself still counts against the retry limit: the last one is a dead letter', async () => {
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: new Date() } });
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    await waitFor(async () => (await db.submission.findFirstOrThrow({ where: { issueId: created.id } })).lastErrorClass === 'held', 10_000);
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: null } });
    w.emu.faults.set({ service: 'ServiceRequest/Create', kind: 'http503', times: 1 });
    const limit = queues.submitIssue.options.retryLimit ?? 0;
    await db.$transaction((tx) => sendSubmitIssue(tx, w.boss, { id: created.submissionId!, integrationId: w.integrationId }, { startAfter: new Date(), priorRetries: limit }));
    const s = await waitFor(async () => {
      const row = await db.submission.findFirstOrThrow({ where: { issueId: created.id } });
      return row.state === 'DEAD' ? row : null;
    }, 15_000);
    expect(s.lastError).toMatch(new RegExp(`^Gave up after ${limit + 1} attempts`));
    expect(w.emu.state.requests.filter((r) => r.OtherSystemId === String(created.number))).toHaveLength(0);
  });
});
