import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { loadPublicIssue } from '@/lib/crm/public-issue';
import { recategorizeIssue } from '@/lib/crm/recategorize';
import { changeIssueStatus, staffComment } from '@/lib/crm/staff-actions';
import { InvalidReport, submitReport } from '@/lib/crm/submit-report';
import { clearCategoryIndexCache } from '@/lib/routing/categories-at-point';
import { PNG_BYTES, startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';
import { pollUpdates } from '@/lib/sync/poll-updates';

let w: SyncWorld;
let actor: Actor;
let localTypeId: string;
let secretQuestion: string;
const POINT = { lat: 39.799, lng: -89.65 };

beforeAll(async () => {
  w = await startSyncWorld(db);
  const ring = [[-89.7, 39.75], [-89.6, 39.75], [-89.6, 39.85], [-89.7, 39.85], [-89.7, 39.75]];
  const agency = await db.agency.create({ data: { organizationId: w.organizationId, name: 'Streets', geography: { type: 'MultiPolygon', coordinates: [[ring]] }, bbox: [-89.7, 39.75, -89.6, 39.85], geographyUpdatedAt: new Date() } });
  await db.requestType.updateMany({ where: { id: { in: [w.srTypeId, w.woTypeId] } }, data: { agencyId: agency.id } });
  localTypeId = (await db.requestType.create({ data: { organizationId: w.organizationId, name: 'Bench repair', agencyId: agency.id } })).id;
  secretQuestion = (await db.question.create({ data: { requestTypeId: w.srTypeId, remoteQuestionId: '1004', text: 'Phone number', sequence: 1, format: 'FREETEXT', isPrivate: true } })).id;
  const user = await db.user.create({ data: { email: `staff-${Date.now()}@example.org`, name: 'Sam Staff', passwordHash: 'x' } });
  await db.membership.create({ data: { userId: user.id, organizationId: w.organizationId, role: 'STAFF', displayName: 'Sam (Streets)' } });
  actor = { userId: user.id, email: user.email, name: user.name, operator: false, memberships: [{ organizationId: w.organizationId, organizationSlug: 'x', organizationTitle: 'x', role: 'STAFF' }] };
  clearCategoryIndexCache();
}, 30_000);
afterAll(async () => {
  await w?.close();
});

const report = (requestTypeId: string, answers: Record<string, string> = {}) => ({ requestTypeId, ...POINT, summary: 'Pothole on Main', reporterEmail: 'ada@example.org', answers });
const status = async (id: string) => (await db.issue.findUniqueOrThrow({ where: { id } })).status;

/** A Service Request issue, acknowledged, then canceled by the city and polled: Open again, its link ended. */
async function acknowledgedThenCanceledInCityworks() {
  const created = await submitReport(db, w.boss, w.organizationId, 'WEB', report(w.srTypeId, { [secretQuestion]: '1' }));
  await waitFor(async () => ((await status(created.id)) === 'ACKNOWLEDGED' ? true : null), 20_000);
  const old = await db.remoteLink.findFirstOrThrow({ where: { issueId: created.id, active: true } });
  w.emu.staff.cancelRequest(Number(old.remoteId), 'Duplicate');
  await pollUpdates(db, w.integrationId);
  expect(await status(created.id)).toBe('OPEN');
  expect(await db.remoteLink.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ active: false, endedReason: expect.stringMatching(/^canceled in Cityworks/) });
  return { created, old: await db.remoteLink.findUniqueOrThrow({ where: { id: old.id } }) };
}

describe('report rules', () => {
  it('refuses a whitespace required answer and a point outside the category area; nothing saved', async () => {
    const before = await db.issue.count();
    await expect(submitReport(db, w.boss, w.organizationId, 'WEB', report(w.srTypeId, { [secretQuestion]: '  ' }))).rejects.toThrow(new InvalidReport([{ field: `answers.${secretQuestion}`, message: '"Phone number" needs an answer' }]));
    await expect(submitReport(db, w.boss, w.organizationId, 'WEB', { ...report(w.srTypeId, { [secretQuestion]: '1' }), lat: 10, lng: 10 })).rejects.toThrow('cannot be reported at this location');
    expect(await db.issue.count()).toBe(before);
  });

  it('the public view never holds the private answer or the reporter email', async () => {
    const created = await submitReport(db, w.boss, w.organizationId, 'WEB', report(w.srTypeId, { [secretQuestion]: '217-555-0100' }));
    const pub = await loadPublicIssue(db, w.organizationId, created.number);
    expect(pub?.answers).toEqual([]);
    expect(JSON.stringify(pub)).not.toMatch(/217-555-0100|ada@example\.org/);
  });
});

describe('staff actions and recategorization', () => {
  it('refuses to move an Acknowledged issue with an active link, and says why', async () => {
    const created = await submitReport(db, w.boss, w.organizationId, 'WEB', report(w.srTypeId, { [secretQuestion]: '1' }));
    await waitFor(async () => ((await status(created.id)) === 'ACKNOWLEDGED' ? true : null), 20_000);
    const link = await db.remoteLink.findFirstOrThrow({ where: { issueId: created.id, active: true } });
    await expect(recategorizeIssue(db, w.boss, actor, w.organizationId, created.id, localTypeId)).rejects.toThrow(`Cityworks ${link.remoteId} holds this issue`);
    await expect(changeIssueStatus(db, actor, w.organizationId, created.id, 'close')).rejects.toThrow('it closes when the record closes there');
    expect((await db.issue.findUniqueOrThrow({ where: { id: created.id } })).requestTypeId).toBe(w.srTypeId);
  });

  it('after a remote cancel, moving the Open issue to an integrated category starts a new submission; the old record is named on the timeline', async () => {
    const { created, old } = await acknowledgedThenCanceledInCityworks();

    const result = await recategorizeIssue(db, w.boss, actor, w.organizationId, created.id, w.woTypeId);
    expect(result.decision).toBe('submitted');
    expect(result.note).toContain(`Earlier Cityworks record ${old.remoteId} stays ended (${old.endedReason})`);
    expect(result.note).toContain('Answers to the old category');
    await waitFor(async () => ((await status(created.id)) === 'ACKNOWLEDGED' ? true : null), 20_000);
    const active = await db.remoteLink.findFirstOrThrow({ where: { issueId: created.id, active: true } });
    expect(active.remoteKind).toBe('WORK_ORDER');
    expect(active.remoteId).not.toBe(old.remoteId);
    const events = await db.syncEvent.findMany({ where: { issueId: created.id, operation: 'recategorize' } });
    expect(events).toHaveLength(1);
    const note = await db.comment.findFirstOrThrow({ where: { issueId: created.id, kind: 'SYSTEM' } });
    expect(note).toMatchObject({ visibility: 'INTERNAL', authorName: 'Sam (Streets)' });
    expect(await db.issueAnswer.count({ where: { issueId: created.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { entityId: created.id, action: 'issue.recategorize' } })).toBe(1);
  });

  it('a lost create answer after a remote cancel and a move back adopts the new record, never the canceled one', async () => {
    const { created, old } = await acknowledgedThenCanceledInCityworks();
    await recategorizeIssue(db, w.boss, actor, w.organizationId, created.id, localTypeId);

    // Back to a Service Request category: the create is applied but its answer is lost, so the
    // retry must find the record by our id, where the canceled one carries the same id.
    w.emu.faults.set({ service: 'ServiceRequest/Create', kind: 'lost-response', times: 1 });
    await recategorizeIssue(db, w.boss, actor, w.organizationId, created.id, w.srTypeId);
    await waitFor(async () => ((await status(created.id)) === 'ACKNOWLEDGED' ? true : null), 30_000);

    const records = w.emu.state.requests.filter((r) => r.OtherSystemId === String(created.number)).map((r) => String(r.RequestId));
    expect(records).toHaveLength(2);
    const active = await db.remoteLink.findFirstOrThrow({ where: { issueId: created.id, active: true } });
    expect(records).toContain(active.remoteId);
    expect(active.remoteId).not.toBe(old.remoteId);
    const events = await db.syncEvent.findMany({ where: { issueId: created.id } });
    expect(events.some((e) => e.message === `Adopted Service Request ${active.remoteId}, created by an earlier attempt.`)).toBe(true);
  });

  it('moving an Open issue to a local category withdraws nothing sent and handles it locally; it can then be closed and reopened', async () => {
    const created = await submitReport(db, w.boss, w.organizationId, 'WEB', report(localTypeId));
    expect(created.submissionId).toBeNull();
    const result = await recategorizeIssue(db, w.boss, actor, w.organizationId, created.id, localTypeId).catch((e: Error) => e);
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toBe('The issue is already in that category.');
    await changeIssueStatus(db, actor, w.organizationId, created.id, 'close');
    expect(await status(created.id)).toBe('CLOSED');
    await expect(recategorizeIssue(db, w.boss, actor, w.organizationId, created.id, w.srTypeId)).rejects.toThrow('Only an Open issue can be moved');
    await changeIssueStatus(db, actor, w.organizationId, created.id, 'reopen');
    expect(await status(created.id)).toBe('OPEN');
    const moved = await recategorizeIssue(db, w.boss, actor, w.organizationId, created.id, w.srTypeId);
    expect(moved.decision).toBe('submitted');
    await waitFor(async () => ((await status(created.id)) === 'ACKNOWLEDGED' ? true : null), 20_000);
  });

  it('an internal comment with an image is never sent to Cityworks nor shown publicly', async () => {
    const created = await submitReport(db, w.boss, w.organizationId, 'WEB', report(localTypeId));
    const c = await staffComment(db, w.boss, actor, w.organizationId, created.id, { body: 'crew only', visibility: 'INTERNAL', image: { fileName: 'x.png', contentType: 'image/png', bytes: PNG_BYTES } });
    expect(c.submissionId).toBeNull();
    const pub = await loadPublicIssue(db, w.organizationId, created.number);
    expect(pub?.comments.map((x) => x.body)).not.toContain('crew only');
    expect(pub?.images).toEqual([]);
  });
});
