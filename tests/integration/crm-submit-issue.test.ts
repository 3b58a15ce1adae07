import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { addComment } from '@/lib/crm/add-comment';
import { createIssue, issueIdempotencyKey, UnknownCategoryError } from '@/lib/crm/create-issue';
import { queues } from '@/lib/jobs/queues';
import { setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { sendSubmitIssue } from '@/lib/jobs/send';
import { resumeIntegration, sweepOutbox } from '@/lib/sync/outbox-sweep';
import { PNG_BYTES, startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';
import { setBotName } from '../support/bot-name';

let w: SyncWorld;
beforeAll(async () => {
  w = await startSyncWorld(db);
}, 30_000);
afterAll(async () => {
  await w?.close();
});

const REPORT = {
  summary: 'Pothole on Main',
  description: 'Deep, near the crosswalk',
  lat: 39.7817,
  lng: -89.6501,
  address: '100 Main St',
  reporterName: 'Ada Lovelace',
  reporterEmail: 'ada@example.org',
};

async function acknowledged(issueId: string, timeoutMs = 20_000) {
  return waitFor(async () => {
    const i = await db.issue.findUniqueOrThrow({ where: { id: issueId } });
    return i.status === 'ACKNOWLEDGED' ? i : null;
  }, timeoutMs);
}

async function jobCount(name: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, name);
  return rows[0]?.n ?? 0;
}

describe('outbox in the domain transaction', () => {
  it('saves the issue, its submission under the outbox key and one job together; an unknown category saves nothing', async () => {
    const jobsBefore = await jobCount(queues.submitIssue.name);
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    const saved = await db.issue.findUniqueOrThrow({ where: { id: created.id }, include: { submissions: true } });
    expect(saved).toMatchObject({ number: created.number, summary: REPORT.summary, lat: REPORT.lat, lng: REPORT.lng, reporterEmail: REPORT.reporterEmail, status: 'OPEN' });
    expect(saved.submissions).toEqual([expect.objectContaining({ id: created.submissionId, kind: 'ISSUE', idempotencyKey: issueIdempotencyKey(created.id, w.integrationId) })]);
    expect(await jobCount(queues.submitIssue.name)).toBe(jobsBefore + 1);

    const issuesBefore = await db.issue.count();
    await expect(createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: 'no-such-category', ...REPORT })).rejects.toBeInstanceOf(UnknownCategoryError);
    expect(await db.issue.count()).toBe(issuesBefore);
    expect(await jobCount(queues.submitIssue.name)).toBe(jobsBefore + 1);
    await acknowledged(created.id);
  });

  it('a rolled-back transaction leaves neither the submission nor its job', async () => {
    const before = await jobCount(queues.submitIssue.name);
    const issue = await db.issue.create({ data: { organizationId: w.organizationId, summary: 'x', lat: 1, lng: 1 } });
    await expect(
      db.$transaction(async (tx) => {
        const s = await tx.submission.create({ data: { integrationId: w.integrationId, issueId: issue.id, kind: 'ISSUE', idempotencyKey: `rollback:${issue.id}` } });
        await sendSubmitIssue(tx, w.boss, s);
        expect(await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, queues.submitIssue.name)).toEqual([{ n: before + 1 }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.submission.count({ where: { issueId: issue.id } })).toBe(0);
    expect(await jobCount(queues.submitIssue.name)).toBe(before);
  });
});

describe('submit-issue', () => {
  it('creates the SR with the mapped fields, attaches the image, acknowledges with the bot message and links it', async () => {
    const created = await createIssue(db, w.boss, {
      organizationId: w.organizationId,
      requestTypeId: w.srTypeId,
      ...REPORT,
      image: { fileName: 'hole.png', contentType: 'image/png', bytes: PNG_BYTES },
    });
    const issue = await acknowledged(created.id);
    const sr = w.emu.state.requests.filter((r) => r.OtherSystemId === String(created.number));
    expect(sr).toHaveLength(1);
    const create = w.emu.calls.find((c) => c.service === 'ServiceRequest/Create' && (c.data as { OtherSystemId?: string }).OtherSystemId === String(created.number));
    const media = await db.media.findFirstOrThrow({ where: { issueId: created.id } });
    expect(create?.data).toEqual({
      Text3: `http://localhost:3000/api/media/${media.id}`.replace('http://localhost:3000', (process.env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(/\/+$/, '')),
      ProblemSid: 101,
      CallerFirstName: 'Civic Bridge 311 CRM',
      CallerLastName: 'Ada Lovelace',
      CallerEmail: 'ada@example.org',
      Details: 'Pothole on Main\nDeep, near the crosswalk',
      X: expect.closeTo((6378137 * REPORT.lng * Math.PI) / 180, 3),
      Y: expect.closeTo(6378137 * Math.log(Math.tan(Math.PI / 4 + (REPORT.lat * Math.PI) / 360)), 3),
      Address: '100 Main St',
      InitiatedByApp: 'CivicBridge',
      OtherSystemId: String(created.number),
    });
    expect(create?.query.token ?? create?.form.token).toBeTruthy();
    const requestId = String(sr[0]!.RequestId);
    const link = await db.remoteLink.findFirstOrThrow({ where: { issueId: created.id } });
    expect(link).toMatchObject({ remoteKind: 'SERVICE_REQUEST', remoteId: requestId, environment: 'TEST', active: true });
    expect(media.remoteAttachmentId).not.toBeNull();
    expect(w.emu.state.attachments.filter((a) => a.RequestId === Number(requestId))).toHaveLength(1);
    const ack = await db.comment.findFirstOrThrow({ where: { issueId: created.id, kind: 'ACKNOWLEDGMENT' } });
    expect(ack).toMatchObject({ authorKind: 'INTEGRATION', authorName: 'City of Springfield', visibility: 'PUBLIC' });
    expect(ack.body).toBe(`Thank you for your report. It is now Service Request #${requestId} in our work system.`);
    expect(issue.acknowledgedAt).not.toBeNull();
    const events = await db.syncEvent.findMany({ where: { issueId: created.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.operation)).toEqual(expect.arrayContaining(['ServiceRequest/Create', 'Attachments/AddRequestAttachment', 'submit-issue']));
    expect(events.every((e) => e.integrationId === w.integrationId && e.attempt === 1)).toBe(true);
    expect(events.find((e) => e.operation === 'ServiceRequest/Create')).toMatchObject({ outcome: 'OK' });
  });

  it('creates a WO for a work-order category with our id in the marker field', async () => {
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.woTypeId, ...REPORT });
    await acknowledged(created.id);
    const create = w.emu.calls.find((c) => c.service === 'WorkOrder/Create' && (c.data as { Text20?: string }).Text20 === String(created.number));
    expect(create?.data).toEqual({
      Text20: String(created.number),
      WOTemplateId: '301',
      EntityType: 'STREET',
      X: expect.closeTo((6378137 * REPORT.lng * Math.PI) / 180, 3),
      Y: expect.closeTo(6378137 * Math.log(Math.tan(Math.PI / 4 + (REPORT.lat * Math.PI) / 360)), 3),
      Address: '100 Main St',
      Comments: 'Pothole on Main\nDeep, near the crosswalk',
      InitiatedByApp: 'CivicBridge',
    });
    const link = await db.remoteLink.findFirstOrThrow({ where: { issueId: created.id } });
    expect(link.remoteKind).toBe('WORK_ORDER');
    expect(w.emu.state.workOrders.filter((x) => x.Text20 === String(created.number))).toHaveLength(1);
  });

  it("acknowledges as the integration bot's display name from the member list when one is set", async () => {
    await setBotName(db, w.organizationId, '  Springfield Public Works ');
    try {
      const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
      await acknowledged(created.id);
      const ack = await db.comment.findFirstOrThrow({ where: { issueId: created.id, kind: 'ACKNOWLEDGMENT' } });
      expect(ack.authorName).toBe('Springfield Public Works');
    } finally {
      await setBotName(db, w.organizationId, null);
    }
  });

  it('a lost response after the create is adopted by the retry, never created twice', async () => {
    w.emu.faults.set({ service: 'ServiceRequest/Create', kind: 'lost-response', times: 1 });
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    await acknowledged(created.id, 30_000);
    expect(w.emu.state.requests.filter((r) => r.OtherSystemId === String(created.number))).toHaveLength(1);
    const s = await db.submission.findFirstOrThrow({ where: { issueId: created.id, kind: 'ISSUE' } });
    expect(s).toMatchObject({ state: 'SUCCEEDED' });
    expect(s.attempts).toBeGreaterThanOrEqual(2);
    const events = await db.syncEvent.findMany({ where: { issueId: created.id }, orderBy: { id: 'asc' } });
    expect(events.some((e) => e.operation === 'ServiceRequest/ByOtherSystemId' && e.outcome === 'OK')).toBe(true);
    expect(events.some((e) => e.message?.startsWith('Adopted Service Request'))).toBe(true);
  });

  it('a 503 is retried with backoff and then succeeds', async () => {
    w.emu.faults.set({ service: 'ServiceRequest/Create', kind: 'http503', times: 1 });
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    await acknowledged(created.id, 30_000);
    const events = await db.syncEvent.findMany({ where: { issueId: created.id }, orderBy: { id: 'asc' } });
    expect(events.find((e) => e.operation === 'submit-issue' && e.outcome === 'ERROR')?.message).toMatch(/^will retry/);
    expect(w.emu.state.requests.filter((r) => r.OtherSystemId === String(created.number))).toHaveLength(1);
  });

  it('a validation error goes to the dead letter with a readable reason, without retrying', async () => {
    const bad = await db.requestType.create({
      data: { organizationId: w.organizationId, integrationId: w.integrationId, remoteKind: 'SERVICE_REQUEST', remoteCode: '99999', name: 'Gone upstream' },
    });
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: bad.id, ...REPORT });
    const s = await waitFor(async () => {
      const row = await db.submission.findFirstOrThrow({ where: { issueId: created.id } });
      return row.state === 'DEAD' ? row : null;
    }, 15_000);
    expect(s.attempts).toBe(1);
    expect(s.lastErrorClass).toMatch(/^cityworks\./);
    expect(s.lastError).toBeTruthy();
    expect((await db.issue.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('OPEN');
    const dead = await db.$queryRawUnsafe<{ data: { submissionId: string; reason: string } }[]>(`SELECT data FROM pgboss.job WHERE name = $1 AND data->>'submissionId' = $2`, queues.deadLetter.name, s.id);
    expect(dead[0]?.data.reason).toBe(s.lastError);
  });
});

describe('circuit breaker, pause and comment order', () => {
  it('a rejected password opens the breaker: no create, the submission is held, one login per probe, then it drains', async () => {
    await setIntegrationSecret(db, w.integrationId, 'TEST_PASSWORD', 'wrong-password');
    const createsBefore = w.emu.calls.filter((c) => c.service === 'ServiceRequest/Create').length;
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    const integration = await waitFor(async () => {
      const i = await db.integration.findUniqueOrThrow({ where: { id: w.integrationId } });
      return i.authFailingSince ? i : null;
    }, 15_000);
    expect(integration.authFailureReason).toBeTruthy();
    const s = await db.submission.findFirstOrThrow({ where: { issueId: created.id } });
    expect(s).toMatchObject({ state: 'PENDING', attempts: 1 });
    // Another issue while the breaker is open makes no call at all.
    const loginsBefore = w.emu.calls.filter((c) => c.service === 'Authentication/Authenticate').length;
    const second = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    await waitFor(async () => (await db.submission.findFirstOrThrow({ where: { issueId: second.id } })).lastErrorClass === 'held', 10_000);
    expect(w.emu.calls.filter((c) => c.service === 'Authentication/Authenticate').length).toBe(loginsBefore);
    expect(w.emu.calls.filter((c) => c.service === 'ServiceRequest/Create').length).toBe(createsBefore);

    await setIntegrationSecret(db, w.integrationId, 'TEST_PASSWORD', 'Springfield!311');
    await sweepOutbox(db, w.boss);
    expect((await db.integration.findUniqueOrThrow({ where: { id: w.integrationId } })).authFailingSince).toBeNull();
    await acknowledged(created.id);
    await acknowledged(second.id);
  });

  it('a paused integration holds submissions; a comment made before the acknowledgment is sent after it, in order', async () => {
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: new Date() } });
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    await waitFor(async () => (await db.submission.findFirstOrThrow({ where: { issueId: created.id } })).lastErrorClass === 'held', 10_000);
    await addComment(db, w.boss, { issueId: created.id, body: 'First, before acknowledgment', authorKind: 'CITIZEN', authorName: 'Ada' });
    await addComment(db, w.boss, {
      issueId: created.id,
      body: 'Second, with a photo',
      authorKind: 'STAFF',
      authorName: 'Jo Staff',
      image: { fileName: 'more.png', contentType: 'image/png', bytes: PNG_BYTES },
    });
    await addComment(db, w.boss, { issueId: created.id, body: 'Internal note', visibility: 'INTERNAL', authorKind: 'STAFF', authorName: 'Jo Staff' });
    expect((await db.issue.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('OPEN');

    await resumeIntegration(db, w.boss, w.integrationId);
    await acknowledged(created.id);
    const link = await db.remoteLink.findFirstOrThrow({ where: { issueId: created.id } });
    const remote = await waitFor(() => {
      const list = w.emu.state.comments.filter((c) => c.ActivityType === 1 && c.ActivitySid === Number(link.remoteId));
      return list.length >= 2 ? list : null;
    }, 15_000);
    expect(remote.map((c) => c.Comments)).toEqual(['Ada: First, before acknowledgment', 'Jo Staff: Second, with a photo']);
    await waitFor(async () => (await db.submission.count({ where: { issueId: created.id, kind: 'COMMENT', state: 'SUCCEEDED' } })) === 2, 10_000);
    expect(w.emu.state.attachments.filter((a) => a.RequestId === Number(link.remoteId) && a.Filename.includes('more.png'))).toHaveLength(1);

    // After the acknowledgment, a comment goes at once.
    await addComment(db, w.boss, { issueId: created.id, body: 'Third, after', authorKind: 'CITIZEN', authorName: 'Ada' });
    await waitFor(() => w.emu.state.comments.some((c) => c.ActivitySid === Number(link.remoteId) && c.Comments === 'Ada: Third, after'), 10_000);
  });
});
