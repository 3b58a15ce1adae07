import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createIssue } from '@/lib/crm/create-issue';
import { queues } from '@/lib/jobs/queues';
import { editAndRetryDeadLetter, listDeadLetters, retryAllDeadLetters, retryDeadLetter, skipDeadLetter } from '@/lib/operations/dead-letters';
import { pauseIntegration, resumeIntegration } from '@/lib/operations/pause';
import { startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';

let w: SyncWorld;
let scope: { organizationId: string; integrationId: string };
const actor = { userId: null as unknown as string, email: 'manager@ops.example' };

beforeAll(async () => {
  w = await startSyncWorld(db);
  scope = { organizationId: w.organizationId, integrationId: w.integrationId };
  const user = await db.user.create({ data: { email: `manager-${Date.now()}@ops.example`, name: 'Ops Manager', passwordHash: 'x' } });
  actor.userId = user.id;
  actor.email = user.email;
}, 30_000);
afterAll(async () => {
  await w?.close();
});

const REPORT = { summary: 'Pothole on Elm', lat: 39.7817, lng: -89.6501, address: '1 Elm St', reporterName: 'Ada' };

async function submissionOf(issueId: string) {
  return db.submission.findFirstOrThrow({ where: { issueId, kind: 'ISSUE' } });
}
async function until(issueId: string, state: 'DEAD' | 'SUCCEEDED', timeoutMs = 20_000) {
  return waitFor(async () => {
    const s = await submissionOf(issueId);
    return s.state === state ? s : null;
  }, timeoutMs);
}
const remoteRecords = (issueNumber: number) => w.emu.state.requests.filter((r) => r.OtherSystemId === String(issueNumber));
async function deadLetterQueueCopies(submissionId: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'submissionId' = $2`, queues.deadLetter.name, submissionId);
  return rows[0]?.n ?? 0;
}

describe('dead letters', () => {
  it('a rejected create is listed with reason, issue and attempts; retry after the fault clears sends it exactly once and is audited', async () => {
    w.emu.faults.set({ service: 'ServiceRequest/Create', kind: 'status1' });
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT });
    const dead = await until(created.id, 'DEAD');
    expect(await deadLetterQueueCopies(dead.id)).toBe(1);

    const list = await listDeadLetters(db, w.organizationId, w.integrationId);
    const item = list.items.find((d) => d.submissionId === dead.id);
    expect(item).toMatchObject({ kind: 'ISSUE', attempts: 1, reason: dead.lastError, errorClass: dead.lastErrorClass, issue: { number: created.number, summary: 'Pothole on Elm', category: 'Pothole' } });
    expect(item?.reason).toBeTruthy();
    expect(remoteRecords(created.number)).toHaveLength(0);

    // Retrying a row that is not dead is refused (no double send from a stale page).
    w.emu.faults.clear();
    await retryDeadLetter(db, w.boss, actor, scope, dead.id);
    await expect(retryDeadLetter(db, w.boss, actor, scope, dead.id)).rejects.toMatchObject({ status: 400 });
    const done = await until(created.id, 'SUCCEEDED');
    expect(done.attempts).toBe(2);
    expect(remoteRecords(created.number)).toHaveLength(1);
    expect((await db.issue.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('ACKNOWLEDGED');
    expect(await deadLetterQueueCopies(dead.id)).toBe(0);
    expect(await db.auditLog.findFirst({ where: { action: 'sync.dead-letter.retry', entityId: dead.id, actorEmail: actor.email } })).not.toBeNull();
  });

  it('retry all sends every dead letter once; skip marks one SKIPPED with audit and never sends it', async () => {
    w.emu.faults.set({ service: 'ServiceRequest/Create', kind: 'status1', times: 3 });
    const issues = [];
    for (let i = 0; i < 3; i++) issues.push(await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT, summary: `Batch ${i}` }));
    const dead = [];
    for (const i of issues) dead.push(await until(i.id, 'DEAD'));
    const skipped = dead[2]!;
    await skipDeadLetter(db, w.boss, actor, scope, skipped.id, 'Duplicate of an earlier report');
    expect((await db.submission.findUniqueOrThrow({ where: { id: skipped.id } })).state).toBe('SKIPPED');
    expect((await db.auditLog.findFirstOrThrow({ where: { action: 'sync.dead-letter.skip', entityId: skipped.id } })).changes).toMatchObject({ reason: 'Duplicate of an earlier report' });

    expect(await retryAllDeadLetters(db, w.boss, actor, scope)).toEqual({ retried: 2 });
    await until(issues[0]!.id, 'SUCCEEDED');
    await until(issues[1]!.id, 'SUCCEEDED');
    expect(remoteRecords(issues[0]!.number)).toHaveLength(1);
    expect(remoteRecords(issues[1]!.number)).toHaveLength(1);
    expect(remoteRecords(issues[2]!.number)).toHaveLength(0);
    expect((await listDeadLetters(db, w.organizationId, w.integrationId)).total).toBe(0);
    expect(await retryAllDeadLetters(db, w.boss, actor, scope)).toEqual({ retried: 0 });
  });

  it('edit-and-retry fixes a wrong answer in our data, audits the edit, and the record arrives once with the fixed answer', async () => {
    const question = await db.question.create({
      data: {
        requestTypeId: w.srTypeId, remoteQuestionId: '1001', text: 'How large is the pothole?', sequence: 1, format: 'THISTEXT',
        options: {
          create: [
            { remoteAnswerId: '5002', label: 'Larger than a dinner plate', format: 'THISTEXT', sequence: 1 },
            // Stale mapping: an answer of another problem, which Cityworks refuses.
            { remoteAnswerId: '5011', label: 'Stale choice', format: 'THISTEXT', sequence: 2 },
          ],
        },
      },
      include: { options: true },
    });
    const good = question.options.find((o) => o.remoteAnswerId === '5002')!;
    const stale = question.options.find((o) => o.remoteAnswerId === '5011')!;
    const created = await createIssue(db, w.boss, {
      organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT, summary: 'Needs a fix',
      answers: [{ questionId: question.id, answerOptionId: stale.id, value: 'Stale choice' }],
    });
    const dead = await until(created.id, 'DEAD');
    expect(dead.lastErrorClass).toBe('cityworks.validation');
    const item = (await listDeadLetters(db, w.organizationId, w.integrationId)).items.find((d) => d.submissionId === dead.id);
    expect(item?.causeInOurData).toBe(true);
    expect(item?.answers.find((a) => a.questionId === question.id)).toMatchObject({ value: 'Stale choice', answerOptionId: stale.id, options: [{ id: good.id, label: good.label }, { id: stale.id, label: stale.label }] });

    // An option of another question is refused and nothing changes.
    await expect(editAndRetryDeadLetter(db, w.boss, actor, scope, dead.id, { answers: [{ questionId: question.id, value: 'x', answerOptionId: 'nope' }] })).rejects.toMatchObject({ status: 400 });
    expect((await submissionOf(created.id)).state).toBe('DEAD');

    await editAndRetryDeadLetter(db, w.boss, actor, scope, dead.id, { summary: 'Needs a fix (edited)', answers: [{ questionId: question.id, value: 'Larger than a dinner plate', answerOptionId: good.id }] });
    await until(created.id, 'SUCCEEDED');
    const sr = remoteRecords(created.number);
    expect(sr).toHaveLength(1);
    expect(sr[0]!.Details).toBe('Needs a fix (edited)');
    const createCall = w.emu.calls.filter((c) => c.service === 'ServiceRequest/Create' && (c.data as { OtherSystemId?: string }).OtherSystemId === String(created.number)).at(-1);
    expect((createCall?.data as { Answers?: { AnswerId: number }[] }).Answers?.map((a) => a.AnswerId)).toEqual([5002]);
    const edit = await db.auditLog.findFirstOrThrow({ where: { action: 'issue.edit-for-retry', entityId: created.id } });
    expect(edit.changes).toMatchObject({ summary: { from: 'Needs a fix', to: 'Needs a fix (edited)' } });
    expect(Object.keys(edit.changes as object)).toContain(`answer:${question.id}`);
    await db.question.delete({ where: { id: question.id } });
  });

  it('another organization cannot see or act on the dead letters', async () => {
    const other = await db.organization.create({ data: { slug: `other-${Date.now()}`, title: 'Other' } });
    await expect(listDeadLetters(db, other.id, w.integrationId)).rejects.toMatchObject({ status: 404 });
    await expect(retryAllDeadLetters(db, w.boss, actor, { organizationId: other.id, integrationId: w.integrationId })).rejects.toMatchObject({ status: 404 });
  });
});

describe('pause and resume', () => {
  it('paused: issues are held (nothing sent, nothing lost); resume drains them all exactly once, audited', async () => {
    const { changed } = await pauseIntegration(db, actor, w.organizationId, w.integrationId);
    expect(changed).toBe(true);
    expect((await pauseIntegration(db, actor, w.organizationId, w.integrationId)).changed).toBe(false);
    const createsBefore = w.emu.calls.filter((c) => c.service === 'ServiceRequest/Create').length;
    const issues = [];
    for (let i = 0; i < 4; i++) issues.push(await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, ...REPORT, summary: `Paused ${i}` }));
    for (const i of issues) await waitFor(async () => (await submissionOf(i.id)).lastErrorClass === 'held', 10_000);
    expect(w.emu.calls.filter((c) => c.service === 'ServiceRequest/Create').length).toBe(createsBefore);
    for (const i of issues) expect((await submissionOf(i.id)).state).toBe('PENDING');

    const resumed = await resumeIntegration(db, w.boss, actor, w.organizationId, w.integrationId);
    expect(resumed).toEqual({ requeued: 4, changed: true });
    for (const i of issues) await until(i.id, 'SUCCEEDED');
    for (const i of issues) expect(remoteRecords(i.number)).toHaveLength(1);
    expect((await db.integration.findUniqueOrThrow({ where: { id: w.integrationId } })).pausedAt).toBeNull();
    const actions = (await db.auditLog.findMany({ where: { entityId: w.integrationId, action: { in: ['integration.pause', 'integration.resume'] } }, orderBy: { id: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['integration.pause', 'integration.resume']);
    // Resuming again finds nothing held.
    expect(await resumeIntegration(db, w.boss, actor, w.organizationId, w.integrationId)).toEqual({ requeued: 0, changed: false });
  });
});
