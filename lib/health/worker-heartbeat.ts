import type { Db } from '@/lib/db';

/** A worker is alive when it ran a heartbeat job this recently (the schedule fires every minute). */
export const WORKER_ALIVE_WITHIN_MS = 150_000;

export async function recordHeartbeat(db: Db, worker: { workerId: string; hostname: string; pid: number; startedAt: Date }): Promise<void> {
  const now = new Date();
  await db.workerHeartbeat.upsert({
    where: { workerId: worker.workerId },
    create: { ...worker, lastBeatAt: now },
    update: { lastBeatAt: now, pid: worker.pid, hostname: worker.hostname },
  });
}

export async function liveWorkers(db: Db, now = new Date()): Promise<{ workerId: string; lastBeatAt: Date }[]> {
  return db.workerHeartbeat.findMany({
    where: { lastBeatAt: { gte: new Date(now.getTime() - WORKER_ALIVE_WITHIN_MS) } },
    select: { workerId: true, lastBeatAt: true },
    orderBy: { lastBeatAt: 'desc' },
  });
}
