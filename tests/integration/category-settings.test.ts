import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { loadActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { getCategory, HIDDEN_BY_ADMIN, syncCategoryQuestionsNow, updateCategory, updateQuestionOverrides } from '@/lib/categories/category-settings';
import { loadPublicIssue } from '@/lib/crm/public-issue';
import { reportFormFor } from '@/lib/crm/report-form';
import { createBoss, ensureQueues } from '@/lib/jobs/boss';
import { queues } from '@/lib/jobs/queues';
import { syncCategories } from '@/lib/sync/sync-categories';
import { syncQuestions } from '@/lib/sync/sync-questions';
import { setUp, type Fixture } from '../sync-inbound/support';

describe('the category page: local choices and question overrides (emulator, real DB)', () => {
  let f: Fixture;
  let admin: Actor;
  let manager: Actor;
  let staff: Actor;
  let boss: ReturnType<typeof createBoss>;
  let potholeId: string;
  const deps = (actor: Actor) => ({ db, actor, organizationId: f.organizationId });
  const question = (remoteQuestionId: string) => db.question.findFirstOrThrow({ where: { requestTypeId: potholeId, remoteQuestionId } });

  beforeAll(async () => {
    f = await setUp('Category Page City');
    const members = await db.membership.findMany({ where: { organizationId: f.organizationId } });
    const byRole = async (role: string) => (await loadActor(members.find((m) => m.role === role)!.userId))!;
    admin = await byRole('CUSTOMER_ADMIN');
    manager = await byRole('IMPLEMENTATION_MANAGER');
    staff = await byRole('STAFF');
    await syncCategories(db, f.integrationId);
    await syncQuestions(db, f.integrationId);
    potholeId = (await db.requestType.findFirstOrThrow({ where: { integrationId: f.integrationId, remoteCode: '101' } })).id;
    await db.requestType.update({ where: { id: potholeId }, data: { agencyId: f.agencyId } });
    boss = createBoss(process.env.DATABASE_URL!);
    boss.on('error', () => undefined);
    await boss.start();
    await ensureQueues(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, timeout: 2000 });
    await f.emulator.close();
  });

  it('shows the questions with what the sync decided and no override yet', async () => {
    const c = await getCategory(deps(staff), potholeId);
    expect(c).toMatchObject({ name: 'Pothole', remoteKind: 'SERVICE_REQUEST', autoSyncQuestions: true, integrationAutoSync: true, canEdit: false });
    expect(c.questions.map((q) => [q.text, q.isPrivate, q.hidden, q.privateOverride, q.hiddenOverride])).toEqual([
      ['How large is the pothole?', false, false, null, null],
      ['Is the pothole in a traffic lane?', false, false, null, null],
      ['Anything else the crew should know?', false, false, null, null],
      ['Phone number for follow-up', true, false, null, null],
    ]);
    expect((await getCategory(deps(admin), potholeId)).canEdit).toBe(true);
  });

  it('private and hidden overrides: staff refused; admin and manager allowed, audited', async () => {
    const q3 = await question('1003');
    const q2 = await question('1002');
    await expect(updateQuestionOverrides(deps(staff), potholeId, q3.id, { privateOverride: true, hiddenOverride: null })).rejects.toMatchObject({ status: 403 });
    await updateQuestionOverrides(deps(admin), potholeId, q3.id, { privateOverride: true, hiddenOverride: null });
    await updateQuestionOverrides(deps(manager), potholeId, q2.id, { privateOverride: null, hiddenOverride: true });
    expect(await question('1003')).toMatchObject({ isPrivate: true, remotePrivate: false, privateOverride: true, hidden: false });
    expect(await question('1002')).toMatchObject({ hidden: true, remoteHidden: false, hiddenOverride: true });
    // "Show" is not an override: a question the sync hid could not be answered or sent.
    await expect(updateQuestionOverrides(deps(admin), potholeId, q2.id, { privateOverride: null, hiddenOverride: false })).rejects.toThrow();
    // A question of another category is not found through this one.
    const graffiti = await db.requestType.findFirstOrThrow({ where: { integrationId: f.integrationId, remoteCode: '102' } });
    await expect(updateQuestionOverrides(deps(admin), graffiti.id, q3.id, { privateOverride: false, hiddenOverride: null })).rejects.toMatchObject({ status: 404 });
    const entries = await db.auditLog.findMany({ where: { organizationId: f.organizationId, action: 'question.overrides.update' }, orderBy: { createdAt: 'asc' } });
    expect(entries.map((e) => [e.entityId, e.actorEmail])).toEqual([
      [q3.id, admin.email],
      [q2.id, manager.email],
    ]);
    expect(entries[0]!.changes).toMatchObject({ privateOverride: { old: null, new: true } });
  });

  it('a later sync keeps the overrides, even when Cityworks changes the question', async () => {
    f.emulator.state.questions.find((q) => q.QuestionId === 1003)!.Question = 'Anything else the crews should know?';
    const counts = await syncQuestions(db, f.integrationId);
    expect(counts.changed).toBeGreaterThanOrEqual(1);
    expect(await question('1003')).toMatchObject({ text: 'Anything else the crews should know?', isPrivate: true, privateOverride: true, remotePrivate: false });
    expect(await question('1002')).toMatchObject({ hidden: true, hiddenOverride: true, remoteHidden: false });
    // Without the override, the keyword rule decides again.
    await updateQuestionOverrides(deps(admin), potholeId, (await question('1004')).id, { privateOverride: false, hiddenOverride: null });
    await syncQuestions(db, f.integrationId);
    expect(await question('1004')).toMatchObject({ isPrivate: false, remotePrivate: true });
    await updateQuestionOverrides(deps(admin), potholeId, (await question('1004')).id, { privateOverride: null, hiddenOverride: null });
    expect((await question('1004')).isPrivate).toBe(true);
  });

  it('the public form leaves the hidden question out and marks the private one; the public issue never shows a private answer', async () => {
    const form = (await reportFormFor(db, f.organizationId, potholeId))!;
    expect(form.questions.map((q) => [q.remoteQuestionId, q.isPrivate])).toEqual([
      ['1001', false],
      ['1003', true],
      ['1004', true],
    ]);
    const q1 = await question('1001');
    const q3 = await question('1003');
    const issue = await db.issue.create({
      data: {
        organizationId: f.organizationId,
        requestTypeId: potholeId,
        summary: 'Hole',
        lat: 39.77,
        lng: -89.68,
        answers: { create: [{ questionId: q1.id, value: 'Smaller than a dinner plate' }, { questionId: q3.id, value: 'My neighbour Ann at 12 Elm St knows' }] },
      },
    });
    const pub = (await loadPublicIssue(db, f.organizationId, issue.number))!;
    expect(pub.answers).toEqual([{ question: 'How large is the pothole?', value: 'Smaller than a dinner plate' }]);
    expect(JSON.stringify(pub)).not.toContain('Ann at 12 Elm');
  });

  it('display name, hidden and agency: staff refused, changes audited, and a category sync keeps them', async () => {
    const input = { displayName: '  Potholes and road damage ', hidden: true, agencyId: null, autoSyncQuestions: true };
    await expect(updateCategory(deps(staff), potholeId, input)).rejects.toMatchObject({ status: 403 });
    await expect(updateCategory(deps(admin), potholeId, { ...input, agencyId: 'no-such-agency' })).rejects.toMatchObject({ status: 404 });
    await expect(updateCategory(deps(admin), potholeId, { ...input, hidden: 'yes' })).rejects.toThrow();
    expect(await db.requestType.findUniqueOrThrow({ where: { id: potholeId } })).toMatchObject({ displayName: null, hidden: false, agencyId: f.agencyId });

    expect((await updateCategory(deps(admin), potholeId, input)).changed.sort()).toEqual(['agencyId', 'displayName', 'hidden']);
    expect(await db.requestType.findUniqueOrThrow({ where: { id: potholeId } })).toMatchObject({ displayName: 'Potholes and road damage', hidden: true, hiddenReason: HIDDEN_BY_ADMIN, agencyId: null });
    expect(await reportFormFor(db, f.organizationId, potholeId)).toBeNull();
    await syncCategories(db, f.integrationId);
    expect(await db.requestType.findUniqueOrThrow({ where: { id: potholeId } })).toMatchObject({ displayName: 'Potholes and road damage', hidden: true, agencyId: null });

    await updateCategory(deps(manager), potholeId, { displayName: '', hidden: false, agencyId: f.agencyId, autoSyncQuestions: true });
    expect(await db.requestType.findUniqueOrThrow({ where: { id: potholeId } })).toMatchObject({ displayName: null, hidden: false, hiddenReason: null, agencyId: f.agencyId });
    const audits = await db.auditLog.findMany({ where: { organizationId: f.organizationId, action: 'requestType.update', entityId: potholeId } });
    expect(audits).toHaveLength(2);
    expect(audits[0]!.changes).toMatchObject({ hidden: { old: false, new: true }, displayName: { old: null, new: 'Potholes and road damage' } });
  });

  it('auto-sync off: the scheduled run leaves the category alone; "sync now" sends a job for it alone and syncs it', async () => {
    await updateCategory(deps(admin), potholeId, { displayName: null, hidden: false, agencyId: f.agencyId, autoSyncQuestions: false });
    f.emulator.state.questions.find((q) => q.QuestionId === 1001)!.Question = 'How big is the pothole?';
    await syncQuestions(db, f.integrationId);
    expect((await question('1001')).text).toBe('How large is the pothole?');

    await expect(syncCategoryQuestionsNow(deps(staff), boss, potholeId)).rejects.toMatchObject({ status: 403 });
    const sent = await syncCategoryQuestionsNow(deps(admin), boss, potholeId);
    expect(sent.jobId).not.toBeNull();
    const job = await boss.getJobById(queues.syncQuestions.name, sent.jobId!);
    expect(job?.data).toEqual({ integrationId: f.integrationId, requestTypeId: potholeId });
    // What the worker runs for that job.
    const counts = await syncQuestions(db, f.integrationId, { requestTypeId: potholeId });
    expect(counts.categories).toBe(1);
    expect((await question('1001')).text).toBe('How big is the pothole?');
    expect(await db.auditLog.count({ where: { organizationId: f.organizationId, action: 'requestType.syncQuestions', entityId: potholeId } })).toBe(1);
  });

  it('a category with no Cityworks questions cannot be synced, with the reason', async () => {
    const local = await db.requestType.create({ data: { organizationId: f.organizationId, name: 'Local only' } });
    await expect(syncCategoryQuestionsNow(deps(admin), boss, local.id)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/not synced from Cityworks/) });
    const wo = await db.requestType.create({ data: { organizationId: f.organizationId, integrationId: f.integrationId, remoteKind: 'WORK_ORDER', remoteCode: '301', name: 'Pothole Repair' } });
    await expect(syncCategoryQuestionsNow(deps(admin), boss, wo.id)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/Work order templates have no questions/) });
  });
});
