import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { archiveClosed } from '@/lib/sync/archive-closed';
import { isPrivateQuestionText, publicAnswers, validateAnswers } from '@/lib/crm/answer-rules';
import { isMarkedPublic, publicText } from '@/lib/sync/inbound/public-prefix';
import { createOrganizationWithUsers } from '../support/fixtures';

const DAY = 24 * 3600_000;

describe('archive-closed', () => {
  it('archives issues closed for more than 14 days, and nothing else', async () => {
    const { org } = await createOrganizationWithUsers(db, 'Archive City');
    const now = new Date('2026-06-30T12:00:00Z');
    const make = (status: 'CLOSED' | 'ACKNOWLEDGED', closedDaysAgo: number | null) =>
      db.issue.create({ data: { organizationId: org.id, status, summary: 's', lat: 0, lng: 0, closedAt: closedDaysAgo === null ? null : new Date(now.getTime() - closedDaysAgo * DAY) } });
    const old = await make('CLOSED', 15);
    const recent = await make('CLOSED', 13);
    const open = await make('ACKNOWLEDGED', null);
    const result = await archiveClosed(db, { now, organizationId: org.id });
    expect(result.archived).toBe(1);
    expect(await db.issue.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: 'ARCHIVED', archivedAt: now });
    expect((await db.issue.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe('CLOSED');
    expect((await db.issue.findUniqueOrThrow({ where: { id: open.id } })).status).toBe('ACKNOWLEDGED');
    expect((await archiveClosed(db, { now, organizationId: org.id })).archived).toBe(0);
  });
});

describe('answers', () => {
  const questions = [
    { id: 'q1', text: 'How large?', isRequired: true, isPrivate: false },
    { id: 'q2', text: 'Your E-Mail', isRequired: true, isPrivate: true },
  ];

  it('requires text other than white space', () => {
    expect(validateAnswers(questions, [{ questionId: 'q1', value: ' \t\n' }, { questionId: 'q2', value: 'a@b.c' }])).toEqual([
      { questionId: 'q1', problem: 'required', message: '"How large?" needs an answer' },
    ]);
    expect(validateAnswers(questions, [{ questionId: 'q2', value: 'a@b.c' }]).map((p) => p.questionId)).toEqual(['q1']);
    expect(validateAnswers(questions, [{ questionId: 'q1', value: 'big' }, { questionId: 'q2', value: 'a@b.c' }])).toEqual([]);
    expect(validateAnswers(questions, [{ questionId: 'q1', value: 'big' }, { questionId: 'q2', value: 'x' }, { questionId: 'zz', value: 'x' }])[0]!.problem).toBe('unknown-question');
  });

  it('never shows private answers publicly', () => {
    const answers = [
      { value: 'big', question: { isPrivate: false } },
      { value: 'a@b.c', question: { isPrivate: true } },
    ];
    expect(publicAnswers(answers).map((a) => a.value)).toEqual(['big']);
  });

  it('marks email, e-mail and phone questions private, in any case', () => {
    expect(['Your EMAIL', 'Contact e-mail', 'Best PHONE number', 'Telephone'].map(isPrivateQuestionText)).toEqual([true, true, true, true]);
    expect(['How large is it?', 'Mailbox damaged?'].map(isPrivateQuestionText)).toEqual([false, false]);
  });

  it('recognises the public prefix case-insensitively after trimming', () => {
    expect(publicText('  TO SCF:  Done ', 'To SCF:')).toBe('Done');
    expect(publicText('Done. To SCF: later', 'To SCF:')).toBeNull();
    expect(publicText('To SCF:', 'To SCF:')).toBeNull();
    expect(isMarkedPublic('to scf:', 'To SCF:')).toBe(true);
  });
});
