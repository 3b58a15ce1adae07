import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { readSettings } from '@/lib/integrations/settings';
import { createBoss, ensureQueues } from '@/lib/jobs/boss';
import { queues } from '@/lib/jobs/queues';
import { dueStreams } from '@/lib/sync/inbound/due-streams';
import { registerPollUpdates } from '@/workers/jobs/poll-updates';
import { registerSyncCategories } from '@/workers/jobs/sync-categories';
import { registerSyncQuestions } from '@/workers/jobs/sync-questions';
import { sendDueStreams } from '@/workers/schedules';
import { waitFor } from '../support/wait-for';
import { acknowledgedIssue, setUp, type Fixture } from './support';

describe('dueStreams', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const ago = (ms: number) => ({ lastStartedAt: new Date(now.getTime() - ms) });

  it('starts what never ran, and what ran longer ago than its interval', () => {
    const settings = readSettings({ schedules: { pollIntervalSeconds: 120, categorySyncMinutes: 60, questionSyncMinutes: 90, requestImportMinutes: 15 }, switches: { importRequests: true } });
    expect(dueStreams(settings, 'SERVICE_REQUESTS', {}, now)).toEqual(['categories', 'poll-updates', 'import-requests']);
    expect(dueStreams(settings, 'SERVICE_REQUESTS', { categories: ago(30 * 60_000), 'poll-updates': ago(60_000), 'import-requests': ago(16 * 60_000) }, now)).toEqual(['import-requests']);
    expect(dueStreams(settings, 'SERVICE_REQUESTS', { categories: ago(61 * 60_000), 'poll-updates': ago(121_000), 'import-requests': ago(60_000) }, now)).toEqual(['categories', 'poll-updates']);
  });

  it('never imports requests when the switch is off or in work-order mode', () => {
    expect(dueStreams(readSettings({}), 'SERVICE_REQUESTS', {}, now)).not.toContain('import-requests');
    expect(dueStreams(readSettings({ switches: { importRequests: true } }), 'WORK_ORDERS', {}, now)).not.toContain('import-requests');
  });
});

describe('inbound jobs through pg-boss', () => {
  let f: Fixture;
  let boss: PgBoss;
  beforeAll(async () => {
    f = await setUp('Worker City');
    boss = createBoss(process.env.DATABASE_URL!, { max: 3 });
    await boss.start();
    await ensureQueues(boss);
    await registerPollUpdates(boss, db);
    await registerSyncCategories(boss, db);
    await registerSyncQuestions(boss, db);
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, timeout: 2000 });
    await f.emulator.close();
  });

  it('the scheduler sends the due streams once per integration; the poll job closes the issue', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await f.staff(`requests/${requestId}/close`, {});
    const sent = (await sendDueStreams(boss, db)).filter((s) => s.integrationId === f.integrationId);
    expect(sent.map((s) => s.stream).sort()).toEqual(['categories', 'poll-updates']);
    await waitFor(async () => (await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status === 'CLOSED', 20_000);
    // Categories, then their questions, in the same round.
    await waitFor(async () => (await db.question.count({ where: { requestType: { integrationId: f.integrationId } } })) > 0, 20_000);
  });

  it('a paused integration is not scheduled, and a job for it does nothing', async () => {
    await db.integration.update({ where: { id: f.integrationId }, data: { pausedAt: new Date() } });
    try {
      const sent = (await sendDueStreams(boss, db, new Date(Date.now() + 24 * 3600_000))).filter((s) => s.integrationId === f.integrationId);
      expect(sent).toEqual([]);
      const { issueId, requestId } = await acknowledgedIssue(f);
      await f.staff(`requests/${requestId}/close`, {});
      const jobId = await boss.send(queues.pollUpdates.name, { integrationId: f.integrationId }, { singletonKey: `${f.integrationId}-paused` });
      await waitFor(async () => (await boss.getJobById(queues.pollUpdates.name, jobId!))?.state === 'completed', 20_000);
      expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('ACKNOWLEDGED');
    } finally {
      await db.integration.update({ where: { id: f.integrationId }, data: { pausedAt: null } });
    }
  });
});
