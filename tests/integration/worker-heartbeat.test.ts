import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { checkHealth } from '@/lib/health/check-health';
import { createBoss, ensureQueues } from '@/lib/jobs/boss';
import { registerWorkerHeartbeat } from '@/workers/jobs/worker-heartbeat';
import { waitFor } from '../support/wait-for';

describe('worker heartbeat and health', () => {
  const boss = createBoss(process.env.DATABASE_URL!);
  afterAll(async () => {
    await boss.stop({ graceful: false });
  });

  it('reports degraded without a worker, then ok once a worker has taken a heartbeat job', async () => {
    const before = await checkHealth(db);
    expect(before.database.ok).toBe(true);
    expect(before.workers).toMatchObject({ ok: false, alive: 0 });
    expect(before.status).toBe('degraded');

    await boss.start();
    await ensureQueues(boss);
    await registerWorkerHeartbeat(boss, db, 'test-worker');
    const after = await waitFor(async () => {
      const h = await checkHealth(db);
      return h.status === 'ok' ? h : null;
    }, 15_000);
    expect(after.queue.ok).toBe(true);
    expect(after.workers.alive).toBe(1);
    expect(await boss.getSchedules('worker-heartbeat')).toHaveLength(1);
  });

  it('forgets a worker whose last beat is too old', async () => {
    await db.workerHeartbeat.update({ where: { workerId: 'test-worker' }, data: { lastBeatAt: new Date(Date.now() - 10 * 60_000) } });
    const h = await checkHealth(db);
    expect(h.workers).toMatchObject({ ok: false, alive: 0 });
  });
});
