import type { PgBoss } from 'pg-boss';
import { BOSS_SCHEMA } from './boss';

/**
 * pg-boss's NOTIFY channel for the schema, as pg-boss 12 derives it (plans.notifyChannelSql); it
 * is not exported, so it is computed here the same way. tests/integration/slot-worker.test.ts
 * fails if a job no longer rings the bell.
 */
const CHANNEL_SQL = `SELECT ('pgboss_' || left(encode(sha224($1::bytea), 'hex'), 24)) AS channel`;

export interface Doorbell {
  close(): Promise<void>;
}

/**
 * Calls `ring` whenever pg-boss announces a job on `queue` (a queue created with `notify`), and
 * after the listener reconnects (announcements may have been missed meanwhile). It uses pg-boss's
 * own listener connection code (reconnect, keep-alive). Returns null where LISTEN is not
 * available; the caller then relies on its polling backstop.
 */
export async function listenForJobs(boss: PgBoss, queue: string, ring: () => void): Promise<Doorbell | null> {
  const db = boss.getDb();
  if (typeof db.listen !== 'function') return null;
  const { rows } = await db.executeSql(CHANNEL_SQL, [BOSS_SCHEMA]);
  const channel = (rows[0] as { channel: string }).channel;
  return db.listen(channel, (payload) => payload === queue && ring(), ring);
}
