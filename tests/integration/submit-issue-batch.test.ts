import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createIssue } from '@/lib/crm/create-issue';
import { queues, submitGroup } from '@/lib/jobs/queues';
import { requeueHeld } from '@/lib/sync/outbox-sweep';
import { pollUpdates } from '@/lib/sync/poll-updates';
import { syncCategories } from '@/lib/sync/sync-categories';
import { startSubmissions, submitIssues } from '@/lib/sync/submit-issue';
import { startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';

let w: SyncWorld;
beforeAll(async () => {
  w = await startSyncWorld(db, { settings: { imageUrlField: 'Text3', maxConcurrentCalls: 3 } });
}, 30_000);
afterAll(async () => {
  await w?.close();
});

const REPORT = { summary: 'Streetlight out', description: '', lat: 39.7817, lng: -89.6501, address: '5 Elm St', reporterName: 'Ada', reporterEmail: null };

/** Issues saved while the integration is paused: each job has run once and left its submission held, with no live job. */
async function heldIssues(n: number, requestTypeId = w.srTypeId) {
  await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: new Date() } });
  const created: Awaited<ReturnType<typeof createIssue>>[] = [];
  for (let i = 0; i < n; i++) created.push(await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId, ...REPORT }));
  await waitFor(async () => (await db.submission.count({ where: { id: { in: created.map((c) => c.submissionId!) }, lastErrorClass: 'held' } })) === n, 15_000);
  await waitFor(async () => {
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'submit-issue' AND state IN ('created','retry','active')`);
    return rows[0]?.n === 0;
  }, 15_000);
  return created;
}

function remoteRecords(issueNumber: number) {
  return w.emu.state.requests.filter((r) => r.OtherSystemId === String(issueNumber));
}

describe('submit-issue batches', () => {
  it('settles each submission of a batch on its own: a failed create is retried alone, a rejected one dead-lettered alone, the rest acknowledged once', async () => {
    const good = await heldIssues(4);
    const bad = await db.requestType.create({
      data: { organizationId: w.organizationId, integrationId: w.integrationId, remoteKind: 'SERVICE_REQUEST', remoteCode: '99999', name: 'Gone upstream' },
    });
    const [rejected] = await heldIssues(1, bad.id);
    // Unpaused without a re-send: the batch below is the only attempt.
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: null } });
    w.emu.faults.set({ service: 'ServiceRequest/Create', kind: 'http500', times: 1 });
    const batch = [...good, rejected!];
    const outcomes = await submitIssues({ db, boss: w.boss }, batch.map((c) => ({ data: { submissionId: c.submissionId! }, retryCount: 0 })));

    expect(outcomes.filter((o) => o.status === 'failed')).toHaveLength(1);
    const failedAt = outcomes.findIndex((o) => o.status === 'failed');
    const retried = batch[failedAt]!;
    expect(good.map((g) => g.id)).toContain(retried.id);
    expect(await db.submission.findUniqueOrThrow({ where: { id: retried.submissionId! } })).toMatchObject({ state: 'PENDING', lastErrorClass: expect.stringMatching(/^cityworks\./) });
    expect((await db.issue.findUniqueOrThrow({ where: { id: retried.id } })).status).toBe('OPEN');

    expect(await db.submission.findUniqueOrThrow({ where: { id: rejected!.submissionId! } })).toMatchObject({ state: 'DEAD', attempts: 1 });
    expect((await db.issue.findUniqueOrThrow({ where: { id: rejected!.id } })).status).toBe('OPEN');

    for (const c of good.filter((g) => g.id !== retried.id)) {
      const issue = await db.issue.findUniqueOrThrow({ where: { id: c.id } });
      expect(issue.status).toBe('ACKNOWLEDGED');
      const records = remoteRecords(issue.number);
      expect(records).toHaveLength(1);
      const submission = await db.submission.findUniqueOrThrow({ where: { id: c.submissionId! } });
      expect(submission).toMatchObject({ state: 'SUCCEEDED', remoteId: String(records[0]!.RequestId), lastError: null, attempts: 1 });
      expect(submission.completedAt).not.toBeNull();
      expect(await db.comment.count({ where: { issueId: c.id, kind: 'ACKNOWLEDGMENT' } })).toBe(1);
      expect(await db.remoteLink.count({ where: { issueId: c.id, active: true, remoteId: String(records[0]!.RequestId) } })).toBe(1);
      // Each attempt keeps its own timeline: its create call and its acknowledgment, on its issue.
      const events = await db.syncEvent.findMany({ where: { issueId: c.id }, orderBy: { id: 'asc' } });
      expect(events.filter((e) => e.operation === 'ServiceRequest/Create')).toHaveLength(1);
      expect(events.filter((e) => e.operation === 'submit-issue' && e.message?.startsWith('Acknowledged as Service Request'))).toHaveLength(1);
    }
    const retriedEvents = await db.syncEvent.findMany({ where: { issueId: retried.id } });
    expect(retriedEvents.some((e) => e.operation === 'submit-issue' && e.outcome === 'ERROR' && e.message?.startsWith('will retry'))).toBe(true);
    expect(retriedEvents.some((e) => e.message?.startsWith('Acknowledged'))).toBe(false);

    // Sent again, the retried one is created once (a 500 is not a lost answer: nothing was created).
    const [again] = await submitIssues({ db, boss: w.boss }, [{ data: { submissionId: retried.submissionId! }, retryCount: 1 }]);
    expect(again).toEqual({ status: 'completed' });
    const number = (await db.issue.findUniqueOrThrow({ where: { id: retried.id } })).number;
    expect(remoteRecords(number)).toHaveLength(1);
  });

  it('a job sent twice in one batch sends its submission once', async () => {
    const [c] = await heldIssues(1);
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: null } });
    const job = { data: { submissionId: c!.submissionId! }, retryCount: 0 };
    expect(await submitIssues({ db, boss: w.boss }, [job, job])).toEqual([{ status: 'completed' }, { status: 'completed' }]);
    const issue = await db.issue.findUniqueOrThrow({ where: { id: c!.id } });
    expect(remoteRecords(issue.number)).toHaveLength(1);
    expect(await db.comment.count({ where: { issueId: c!.id, kind: 'ACKNOWLEDGMENT' } })).toBe(1);
  });

  it('a resumed backlog is re-sent once, never while its jobs are live, and drains within the concurrency limit', async () => {
    const held = await heldIssues(12);
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: null } });
    w.emu.faults.set({ service: '*', kind: 'latency', latencyMs: 150 });
    w.emu.inFlight.peak = 0;
    try {
      expect(await requeueHeld(db, w.boss, w.integrationId)).toBe(12);
      // The jobs are live now: a second sweep sends none of them again.
      expect(await requeueHeld(db, w.boss, w.integrationId)).toBe(0);
      await waitFor(async () => (await db.issue.count({ where: { id: { in: held.map((h) => h.id) }, status: 'ACKNOWLEDGED' } })) === 12, 30_000);
    } finally {
      w.emu.faults.clear();
    }
    // The limit is 3: a batch runs its calls side by side, never more than that at once.
    expect(w.emu.inFlight.peak).toBeLessThanOrEqual(3);
    expect(w.emu.inFlight.peak).toBeGreaterThanOrEqual(2);
    for (const h of held) {
      const issue = await db.issue.findUniqueOrThrow({ where: { id: h.id } });
      expect(remoteRecords(issue.number)).toHaveLength(1);
    }
  });

  it('one budget for every call: the inbound streams running beside a drain never take the integration past its limit', async () => {
    const held = await heldIssues(12);
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: null } });
    w.emu.faults.set({ service: '*', kind: 'latency', latencyMs: 120 });
    w.emu.inFlight.peak = 0;
    const inboundBefore = w.emu.calls.filter((c) => c.service !== 'ServiceRequest/Create').length;
    let drained = false;
    try {
      expect(await requeueHeld(db, w.boss, w.integrationId)).toBe(12);
      // The streams poll and sync over and over while the submissions hold every slot they can.
      const streams = (async () => {
        while (!drained) {
          await Promise.all([pollUpdates(db, w.integrationId), syncCategories(db, w.integrationId)]);
        }
      })();
      await waitFor(async () => (await db.issue.count({ where: { id: { in: held.map((h) => h.id) }, status: 'ACKNOWLEDGED' } })) === 12, 30_000);
      drained = true;
      await streams;
    } finally {
      drained = true;
      w.emu.faults.clear();
    }
    const inbound = w.emu.calls.filter((c) => c.service !== 'ServiceRequest/Create').length - inboundBefore;
    expect(inbound).toBeGreaterThan(3);
    // The limit is 3 for the submissions and the streams together.
    expect(w.emu.inFlight.peak).toBeLessThanOrEqual(3);
    expect(w.emu.inFlight.peak).toBeGreaterThanOrEqual(2);
  });

  /**
   * A job releases its slot when Cityworks has answered; the acknowledgment follows. These two
   * cover what happens between: an acknowledgment that fails for a moment (a serialization
   * failure), and a process gone before it was written (simulated by refusing every later write
   * of the row, so nothing records it).
   */
  async function refuseSubmissionWrites(submissionId: string, when: 'always' | 'first-success'): Promise<() => Promise<void>> {
    const tag = submissionId.replace(/[^a-z0-9]/gi, '');
    const condition = when === 'always' ? `NEW.state <> 'IN_FLIGHT'` : `NEW.state = 'SUCCEEDED' AND nextval('refuse_${tag}') = 1`;
    await db.$executeRawUnsafe(`CREATE SEQUENCE refuse_${tag}`);
    await db.$executeRawUnsafe(
      `CREATE FUNCTION refuse_${tag}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id = '${submissionId}' AND ${condition} THEN RAISE EXCEPTION 'write refused for the test' USING ERRCODE = '40001'; END IF; RETURN NEW; END $$`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_${tag} BEFORE UPDATE ON "Submission" FOR EACH ROW EXECUTE FUNCTION refuse_${tag}()`);
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_${tag} ON "Submission"`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_${tag}()`);
      await db.$executeRawUnsafe(`DROP SEQUENCE refuse_${tag}`);
    };
  }

  it('an acknowledgment that fails after the job released its slot is retried by a new job, and the retry adopts the record', async () => {
    const [c] = await heldIssues(1);
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: null } });
    const allow = await refuseSubmissionWrites(c!.submissionId!, 'first-success');
    try {
      const [outcome] = await Promise.all(startSubmissions({ db, boss: w.boss }, [{ data: { submissionId: c!.submissionId! }, retryCount: 0 }]));
      // Released as soon as Cityworks answered, before anything was recorded.
      expect(outcome!.status).toBe('completed');
      await (outcome as { after?: Promise<void> }).after;
      const issue = await waitFor(async () => {
        const i = await db.issue.findUniqueOrThrow({ where: { id: c!.id } });
        return i.status === 'ACKNOWLEDGED' && i;
      }, 20_000);
      expect(remoteRecords(issue.number)).toHaveLength(1);
      expect(await db.submission.findUniqueOrThrow({ where: { id: c!.submissionId! } })).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
      const events = await db.syncEvent.findMany({ where: { issueId: c!.id }, orderBy: { id: 'asc' } });
      expect(events.some((e) => e.outcome === 'ERROR' && /^will retry in 1\.0 s: /.test(e.message ?? ''))).toBe(true);
      expect(events.some((e) => e.message?.startsWith('Adopted Service Request'))).toBe(true);
      expect(await db.comment.count({ where: { issueId: c!.id, kind: 'ACKNOWLEDGMENT' } })).toBe(1);
    } finally {
      await allow();
    }
  });

  it('a submission left IN_FLIGHT with no job (the process gone before its acknowledgment) is re-sent by the sweep and adopted, never created twice', async () => {
    const [c] = await heldIssues(1);
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: null } });
    const allow = await refuseSubmissionWrites(c!.submissionId!, 'always');
    let number: number;
    try {
      const [outcome] = await Promise.all(startSubmissions({ db, boss: w.boss }, [{ data: { submissionId: c!.submissionId! }, retryCount: 0 }]));
      await (outcome as { after?: Promise<void> }).after;
      number = (await db.issue.findUniqueOrThrow({ where: { id: c!.id } })).number;
      expect(remoteRecords(number)).toHaveLength(1);
      expect(await db.submission.findUniqueOrThrow({ where: { id: c!.submissionId! } })).toMatchObject({ state: 'IN_FLIGHT', attempts: 1 });
    } finally {
      await allow();
    }
    expect(await requeueHeld(db, w.boss, w.integrationId)).toBe(1);
    await waitFor(async () => (await db.issue.findUniqueOrThrow({ where: { id: c!.id } })).status === 'ACKNOWLEDGED', 20_000);
    expect(remoteRecords(number)).toHaveLength(1);
    expect(await db.submission.findUniqueOrThrow({ where: { id: c!.submissionId! } })).toMatchObject({ state: 'SUCCEEDED', attempts: 2 });
  });

  it('a job whose payload fails its schema fails alone; the job fetched with it is sent and acknowledged', async () => {
    const [c] = await heldIssues(1);
    await db.integration.update({ where: { id: w.integrationId }, data: { pausedAt: null } });
    // One statement, so one fetch sees both.
    const [good, bad] = [randomUUID(), randomUUID()];
    await w.boss.insert(queues.submitIssue.name, [
      { id: good, data: { submissionId: c!.submissionId! }, group: submitGroup({ id: w.integrationId, maxConcurrentCalls: 3 }) },
      { id: bad, data: { submission: 'not the field' } },
    ]);
    await waitFor(async () => (await db.issue.findUniqueOrThrow({ where: { id: c!.id } })).status === 'ACKNOWLEDGED', 15_000);
    const failed = await waitFor(async () => {
      const job = await w.boss.getJobById(queues.submitIssue.name, bad!);
      return job && (job.state === 'retry' || job.state === 'failed') && job;
    }, 15_000);
    expect(JSON.stringify(failed.output)).toContain('submissionId');
    // Completed on its first try: the bad payload beside it did not fail it too.
    expect(await w.boss.getJobById(queues.submitIssue.name, good!)).toMatchObject({ state: 'completed', retryCount: 0 });
    expect(remoteRecords((await db.issue.findUniqueOrThrow({ where: { id: c!.id } })).number)).toHaveLength(1);
  });
});
