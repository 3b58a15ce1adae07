import type { Db } from '@/lib/db';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { liveWorkers } from './worker-heartbeat';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  database: { ok: boolean; latencyMs?: number };
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
    // The driver's message names hosts, ports and users: it goes to the log, never to the public answer.
    console.error('health: database unreachable', err);
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

/** What the public health endpoint shows: the overall status and ok/degraded per component, nothing more. */
export interface PublicHealth {
  status: HealthReport['status'];
  database: 'ok' | 'degraded';
  queue: 'ok' | 'degraded';
  workers: 'ok' | 'degraded';
}

export function publicHealth(report: HealthReport): PublicHealth {
  const state = (ok: boolean) => (ok ? 'ok' : 'degraded');
  return { status: report.status, database: state(report.database.ok), queue: state(report.queue.ok), workers: state(report.workers.ok) };
}
