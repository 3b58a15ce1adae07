import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { runInboundJob } from '@/lib/sync/inbound/run-stream';
import { pollUpdates } from '@/lib/sync/poll-updates';

export async function registerPollUpdates(boss: PgBoss, db: Db): Promise<void> {
  const q = queues.pollUpdates;
  await boss.work(q.name, { pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const { integrationId } = q.payload.parse(job.data);
    await runInboundJob(db, integrationId, 'poll-updates', () => pollUpdates(db, integrationId));
  });
}
