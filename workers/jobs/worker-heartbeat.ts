import { hostname } from 'node:os';
import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { recordHeartbeat } from '@/lib/health/worker-heartbeat';
import { queues } from '@/lib/jobs/queues';

/**
 * The heartbeat travels through the queue on purpose: a row written by the handler proves that
 * pg-boss delivers jobs and that this worker takes them, not merely that the process is up.
 */
export async function registerWorkerHeartbeat(boss: PgBoss, db: Db, workerId: string): Promise<void> {
  const self = { workerId, hostname: hostname(), pid: process.pid, startedAt: new Date() };
  const q = queues.workerHeartbeat.name;
  await boss.work(q, { pollingIntervalSeconds: 1 }, async () => {
    await recordHeartbeat(db, self);
  });
  await boss.schedule(q, '* * * * *', {}, { singletonKey: 'worker-heartbeat' });
  // The first beat now, not at the next minute, so a fresh start reports healthy at once.
  await boss.send(q, {});
}
