import { PgBoss } from 'pg-boss';
import { env } from '@/lib/env';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';

/**
 * A pg-boss for the web process, only to send jobs: no maintenance, no cron, no workers (those
 * belong to the worker process). Started once, on first use.
 */
const holder = globalThis as unknown as { __civicBridgeJobSender?: Promise<PgBoss> };

export function jobSender(): Promise<PgBoss> {
  holder.__civicBridgeJobSender ??= (async () => {
    const boss = new PgBoss({ connectionString: env.DATABASE_URL, schema: BOSS_SCHEMA, max: 2, supervise: false, schedule: false });
    boss.on('error', (err: Error) => console.error(`[web] pg-boss: ${err.message}`));
    await boss.start();
    return boss;
  })().catch((err: unknown) => {
    delete holder.__civicBridgeJobSender;
    throw err;
  });
  return holder.__civicBridgeJobSender;
}
