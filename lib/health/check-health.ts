import type { Db } from '@/lib/db';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { liveWorkers } from './worker-heartbeat';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { ok: boolean; latencyMs?: number; error?: string };
  queue: { ok: boolean; error?: string };
  workers: { ok: boolean; alive: number; lastBeatAt: string | null };
}

export async function checkHealth(db: Db): Promise<HealthReport> {
  const started = Date.now();
  const database: HealthReport['database'] = { ok: false };
  try {
    await db.$queryRawUnsafe('select 1');
    database.ok = true;
    database.latencyMs = Date.now() - started;
  } catch (err) {
    database.error = (err as Error).message;
    return { status: 'down', database, queue: { ok: false, error: 'database unreachable' }, workers: { ok: false, alive: 0, lastBeatAt: null } };
  }
  const queue: HealthReport['queue'] = { ok: false };
  try {
    // pg-boss installs its schema on first start; its version row says the queue is usable.
    const rows = await db.$queryRawUnsafe<{ version: number }[]>(`select version from "${BOSS_SCHEMA}".version limit 1`);
    queue.ok = rows.length === 1;
    if (!queue.ok) queue.error = 'pg-boss is not installed';
  } catch {
    queue.error = 'pg-boss is not installed yet (no worker has started)';
  }
  const live = await liveWorkers(db);
  const workers = { ok: live.length > 0, alive: live.length, lastBeatAt: live[0]?.lastBeatAt.toISOString() ?? null };
  const status = database.ok && queue.ok && workers.ok ? 'ok' : 'degraded';
  return { status, database, queue, workers };
}
