import { PgBoss } from 'pg-boss';
import { queues } from './queues';

/**
 * pg-boss keeps its tables in its own schema of the application database, so a domain write and
 * the job it implies can commit in one transaction.
 */
export const BOSS_SCHEMA = 'pgboss';

export function createBoss(databaseUrl: string, opts: { max?: number } = {}): PgBoss {
  // LISTEN/NOTIFY wakes a worker as soon as a job is committed (queues opt in with `notify`), so a
  // new issue is submitted at once instead of at the next poll.
  // Supervise and monitor every 10 s (pg-boss default 60 s): a job whose worker was killed is
  // failed (and retried) once its 10 s heartbeat lapses and the next pass runs, so a crash costs a
  // submission about 20 s instead of up to 70 s.
  return new PgBoss({
    connectionString: databaseUrl,
    schema: BOSS_SCHEMA,
    max: opts.max ?? 5,
    useListenNotify: true,
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
  });
}

/** Creates every queue of lib/jobs/queues.ts (idempotent) after pg-boss has started. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  const defs = Object.values(queues);
  // Dead-letter targets must exist before the queues that name them.
  for (const def of defs.filter((d) => !('deadLetter' in d.options && d.options.deadLetter))) {
    await boss.createQueue(def.name, def.options);
  }
  for (const def of defs.filter((d) => 'deadLetter' in d.options && d.options.deadLetter)) {
    await boss.createQueue(def.name, def.options);
  }
}
