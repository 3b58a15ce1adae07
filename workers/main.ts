/**
 * The worker process: starts pg-boss on the application database, creates the queues and
 * registers every job handler. Run more of these, on more hosts, to scale out: pg-boss claims
 * jobs with SKIP LOCKED.
 */
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { createBoss, ensureQueues } from '@/lib/jobs/boss';
import { registerOutboundSync, type OutboundSync } from './jobs/outbound-sync';
import { registerWorkerHeartbeat } from './jobs/worker-heartbeat';
import { registerArchiveClosed } from './jobs/archive-closed';
import { registerImportRequests } from './jobs/import-requests';
import { registerPollUpdates } from './jobs/poll-updates';
import { registerSyncCategories } from './jobs/sync-categories';
import { registerSyncQuestions } from './jobs/sync-questions';
import { registerSchedules } from './schedules';
import { registerPruneTimeline } from './jobs/prune-timeline';

const workerId = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
const boss = createBoss(env.DATABASE_URL);
boss.on('error', (err: Error) => console.error(`[worker] pg-boss: ${err.message}`));

let stopping = false;
let outbound: OutboundSync | null = null;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing jobs in hand, then stopping`);
  // The submit consumer first: it finishes the jobs in hand while pg-boss can still settle them.
  await outbound?.stop(10_000).catch(() => undefined);
  await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
  await outbound?.close().catch(() => undefined);
  await db.$disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

await boss.start();
await ensureQueues(boss);
await registerWorkerHeartbeat(boss, db, workerId);
await registerSyncCategories(boss, db);
await registerSyncQuestions(boss, db);
await registerPollUpdates(boss, db);
await registerImportRequests(boss, db);
await registerArchiveClosed(boss, db);
await registerSchedules(boss, db);
outbound = await registerOutboundSync(boss, db);
await registerPruneTimeline(boss, db);
console.log(`[worker] ${workerId} started`);
