import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { runInboundJob } from '@/lib/sync/inbound/run-stream';
import { syncCategories } from '@/lib/sync/sync-categories';

export async function registerSyncCategories(boss: PgBoss, db: Db): Promise<void> {
  const q = queues.syncCategories;
  await boss.work(q.name, { pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const { integrationId } = q.payload.parse(job.data);
    // Questions follow their categories: a new category gets its questions in the same round.
    const done = await runInboundJob(db, integrationId, 'sync-categories', () => syncCategories(db, integrationId));
    if (done) await boss.send(queues.syncQuestions.name, { integrationId }, { singletonKey: integrationId });
  });
}
