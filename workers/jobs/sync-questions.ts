import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { runInboundJob } from '@/lib/sync/inbound/run-stream';
import { syncQuestions } from '@/lib/sync/sync-questions';

export async function registerSyncQuestions(boss: PgBoss, db: Db): Promise<void> {
  const q = queues.syncQuestions;
  await boss.work(q.name, { pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const { integrationId, requestTypeId } = q.payload.parse(job.data);
    await runInboundJob(db, integrationId, 'sync-questions', () => syncQuestions(db, integrationId, requestTypeId ? { requestTypeId } : {}));
  });
}
