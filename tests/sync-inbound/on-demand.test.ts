import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { db } from '@/lib/db';
import { HttpError } from '@/lib/http/errors';
import { createBoss, ensureQueues } from '@/lib/jobs/boss';
import { queues } from '@/lib/jobs/queues';
import { requestSync, syncStatus } from '@/lib/sync/inbound/on-demand';
import { syncCategories } from '@/lib/sync/sync-categories';
import { createOrganizationWithUsers } from '../support/fixtures';
import { setUp, type Fixture } from './support';

describe('on-demand sync (the API behind the "sync now" buttons)', () => {
  let f: Fixture;
  let boss: PgBoss;
  beforeAll(async () => {
    f = await setUp('Button City');
    boss = createBoss(process.env.DATABASE_URL!, { max: 2 });
    await boss.start();
    await ensureQueues(boss);
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, timeout: 2000 });
    await f.emulator.close();
  });

  it('queues one job per integration and stream; asking again joins the queued one', async () => {
    const first = await requestSync(db, boss, f.organizationId, f.integrationId, { stream: 'categories' });
    expect(first.jobId).not.toBeNull();
    const job = await boss.getJobById(queues.syncCategories.name, first.jobId!);
    expect(job?.data).toEqual({ integrationId: f.integrationId });
    const again = await requestSync(db, boss, f.organizationId, f.integrationId, { stream: 'categories' });
    expect(again).toMatchObject({ jobId: null, alreadyQueued: true });
  });

  it('refuses another organization\'s integration and an unknown stream', async () => {
    const { org } = await createOrganizationWithUsers(db, 'Elsewhere');
    await expect(requestSync(db, boss, org.id, f.integrationId, { stream: 'poll-updates' })).rejects.toSatisfy((e) => e instanceof HttpError && e.status === 404);
    await expect(syncStatus(db, org.id, f.integrationId)).rejects.toSatisfy((e) => e instanceof HttpError && e.status === 404);
    await expect(requestSync(db, boss, f.organizationId, f.integrationId, { stream: 'everything' })).rejects.toBeInstanceOf(z.ZodError);
  });

  it('shows progress and the last successful window per stream', async () => {
    await syncCategories(db, f.integrationId);
    const streams = await syncStatus(db, f.organizationId, f.integrationId);
    const categories = streams.find((s) => s.stream === 'categories')!;
    expect(categories.progress).toMatchObject({ state: 'succeeded', done: 8, total: 8 });
    expect(categories.counts).toMatchObject({ inserted: 8 });
    expect(categories.lastSuccessAt).not.toBeNull();
    expect(streams.find((s) => s.stream === 'poll-updates')).toMatchObject({ progress: null, lastSuccessAt: null });
  });
});
