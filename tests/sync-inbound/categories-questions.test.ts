import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { syncCategories } from '@/lib/sync/sync-categories';
import { planQuestions, syncQuestions } from '@/lib/sync/sync-questions';
import { setUp, type Fixture } from './support';

describe('sync-categories and sync-questions', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp('Category City');
  });
  afterAll(async () => {
    await f.emulator.close();
  });

  it('turns the public SR problems into request types, and counts inserted / unchanged / changed / hidden', async () => {
    const first = await syncCategories(db, f.integrationId);
    expect(first).toMatchObject({ inserted: 8, changed: 0, unchanged: 0, hidden: 0 });
    const types = await db.requestType.findMany({ where: { integrationId: f.integrationId }, orderBy: { remoteCode: 'asc' } });
    expect(types.map((t) => t.remoteCode)).toEqual(['101', '102', '103', '104', '105', '106', '107', '108']);
    expect(types[0]).toMatchObject({ name: 'Pothole', remoteKind: 'SERVICE_REQUEST', hidden: false, organizationId: f.organizationId });

    // Local choices survive the next sync.
    await db.requestType.update({ where: { id: types[0]!.id }, data: { displayName: 'Potholes and road damage', agencyId: f.agencyId } });
    const second = await syncCategories(db, f.integrationId);
    expect(second).toMatchObject({ inserted: 0, changed: 0, unchanged: 8, hidden: 0 });
    const kept = await db.requestType.findUniqueOrThrow({ where: { id: types[0]!.id } });
    expect(kept).toMatchObject({ displayName: 'Potholes and road damage', agencyId: f.agencyId });

    // Upstream: one renamed, one no longer public.
    const graffiti = f.emulator.state.problems.find((p) => p.ProblemSid === 102)!;
    graffiti.Description = 'Graffiti removal';
    f.emulator.state.problems.find((p) => p.ProblemSid === 103)!.ForPublicSite = false;
    const third = await syncCategories(db, f.integrationId);
    expect(third).toMatchObject({ inserted: 0, changed: 1, unchanged: 6, hidden: 1 });
    const after = await db.requestType.findMany({ where: { integrationId: f.integrationId } });
    expect(after).toHaveLength(8);
    expect(after.find((t) => t.remoteCode === '102')!.name).toBe('Graffiti removal');
    const gone = after.find((t) => t.remoteCode === '103')!;
    expect(gone.hidden).toBe(true);
    expect(gone.hiddenReason).toContain('Gone from Cityworks');
    expect((await db.requestType.findUniqueOrThrow({ where: { id: types[0]!.id } })).displayName).toBe('Potholes and road damage');

    // Back upstream: shown again.
    f.emulator.state.problems.find((p) => p.ProblemSid === 103)!.ForPublicSite = true;
    const fourth = await syncCategories(db, f.integrationId);
    expect(fourth.restored).toBe(1);
    expect((await db.requestType.findFirstOrThrow({ where: { integrationId: f.integrationId, remoteCode: '103' } })).hidden).toBe(false);
  });

  it('syncs QA into questions: private on email/e-mail/phone, required, ordered, with options', async () => {
    await syncQuestions(db, f.integrationId);
    const pothole = await db.requestType.findFirstOrThrow({
      where: { integrationId: f.integrationId, remoteCode: '101' },
      include: { questions: { orderBy: { sequence: 'asc' }, include: { options: { orderBy: { sequence: 'asc' } } } } },
    });
    expect(pothole.questions.map((q) => [q.text, q.format, q.isPrivate, q.isRequired])).toEqual([
      ['How large is the pothole?', 'THISTEXT', false, true],
      ['Is the pothole in a traffic lane?', 'YES', false, true],
      ['Anything else the crew should know?', 'FREETEXT', false, true],
      ['Phone number for follow-up', 'FREETEXT', true, true],
    ]);
    expect(pothole.questions[0]!.options.map((o) => [o.remoteAnswerId, o.label])).toEqual([
      ['5001', 'Smaller than a dinner plate'],
      ['5002', 'Larger than a dinner plate'],
    ]);
    expect(pothole.questions[1]!.options.map((o) => o.format)).toEqual(['YES', 'NO']);
    expect(pothole.branching).toBe(false);

    const graffiti = await db.requestType.findFirstOrThrow({ where: { integrationId: f.integrationId, remoteCode: '102' }, include: { questions: true } });
    expect(graffiti.questions.find((q) => q.text === 'Your email address')!.isPrivate).toBe(true);
    expect(graffiti.questions.find((q) => q.format === 'DATE')).toBeDefined();
  });

  it('keeps a branching problem in the data: which answer leads to which question', async () => {
    const trash = await db.requestType.findFirstOrThrow({
      where: { integrationId: f.integrationId, remoteCode: '104' },
      include: { questions: { include: { options: true } } },
    });
    expect(trash.branching).toBe(true);
    const first = trash.questions.find((q) => q.remoteQuestionId === '1031')!;
    expect(first.options.map((o) => [o.label, o.nextRemoteQuestionId]).sort()).toEqual([
      ['No', '1034'],
      ['Yes', '1032'],
    ]);
    expect(trash.questions.find((q) => q.remoteQuestionId === '1034')!.isPrivate).toBe(true);
  });

  it('does not touch a category whose auto-sync is off, and hides questions gone upstream', async () => {
    const graffiti = await db.requestType.findFirstOrThrow({ where: { integrationId: f.integrationId, remoteCode: '102' } });
    await db.requestType.update({ where: { id: graffiti.id }, data: { autoSyncQuestions: false } });
    const state = f.emulator.state;
    state.questions.push({ QuestionId: 1099, ProblemSid: 102, Question: 'Size of the tag?', QuestionSequence: 4 });
    state.answers.push({ ...state.answers.find((a) => a.AnswerId === 5014)!, QuestionId: 1099, AnswerId: 5099 });
    await syncQuestions(db, f.integrationId);
    expect(await db.question.count({ where: { requestTypeId: graffiti.id, remoteQuestionId: '1099' } })).toBe(0);

    const pothole = await db.requestType.findFirstOrThrow({ where: { integrationId: f.integrationId, remoteCode: '101' } });
    state.questions.splice(state.questions.findIndex((q) => q.QuestionId === 1003), 1);
    const counts = await syncQuestions(db, f.integrationId);
    expect(counts.hidden).toBe(1);
    expect((await db.question.findFirstOrThrow({ where: { requestTypeId: pothole.id, remoteQuestionId: '1003' } })).hidden).toBe(true);
  });

  it('flags an unsupported answer format instead of failing', () => {
    const plan = planQuestions({
      problemSid: 1,
      branching: false,
      questions: [
        { questionId: 1, question: 'Count of cars', sequence: 2 },
        { questionId: 2, question: 'Where?', sequence: 1 },
      ],
      answers: [
        { questionId: 1, answerId: 11, answer: '', format: 'NUMERIC', sequence: 1, nextQuestionId: null, tellCaller: '', priority: '' },
        { questionId: 2, answerId: 21, answer: '', format: 'freetext', sequence: 1, nextQuestionId: null, tellCaller: '', priority: '' },
      ],
    });
    expect(plan.questions.map((q) => [q.remoteQuestionId, q.hidden])).toEqual([
      ['2', false],
      ['1', true],
    ]);
    expect(plan.flags).toEqual([{ remoteQuestionId: '1', reason: 'Unsupported answer format NUMERIC' }]);
  });
});

describe('sync-categories for work orders', () => {
  it('offers the listed WO templates only', async () => {
    const f = await setUp('WO City', { workOrderTemplates: ['301', '302', '999'], workOrderEntityType: 'STREET' }, 'WORK_ORDERS');
    try {
      const counts = await syncCategories(db, f.integrationId);
      expect(counts.inserted).toBe(2);
      const types = await db.requestType.findMany({ where: { integrationId: f.integrationId }, orderBy: { remoteCode: 'asc' } });
      expect(types.map((t) => [t.remoteKind, t.remoteCode, t.name])).toEqual([
        ['WORK_ORDER', '301', 'Pothole Repair'],
        ['WORK_ORDER', '302', 'Sidewalk Repair'],
      ]);
    } finally {
      await f.emulator.close();
    }
  });
});
