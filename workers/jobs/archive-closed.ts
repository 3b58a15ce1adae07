import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { archiveClosed } from '@/lib/sync/archive-closed';

export async function registerArchiveClosed(boss: PgBoss, db: Db): Promise<void> {
  await boss.work(queues.archiveClosed.name, { pollingIntervalSeconds: 5 }, async () => {
    const { archived } = await archiveClosed(db);
    if (archived > 0) await db.syncEvent.create({ data: { operation: 'archive-closed', outcome: 'OK', message: `${archived} issues archived` } });
  });
}
