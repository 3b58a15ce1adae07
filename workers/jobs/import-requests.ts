import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { runInboundJob } from '@/lib/sync/inbound/run-stream';
import { importRequests } from '@/lib/sync/import-requests';

export async function registerImportRequests(boss: PgBoss, db: Db): Promise<void> {
  const q = queues.importRequests;
  await boss.work(q.name, { pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const { integrationId } = q.payload.parse(job.data);
    await runInboundJob(db, integrationId, 'import-requests', () => importRequests(db, integrationId));
  });
}
