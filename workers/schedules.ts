import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { readSettings } from '@/lib/integrations/settings';
import { queues } from '@/lib/jobs/queues';
import { readCursor, type Stream } from '@/lib/sync/cursors';
import { dueStreams, SCHEDULED_STREAMS, type ScheduledStream, type StreamClock } from '@/lib/sync/inbound/due-streams';

/**
 * Each integration's schedules (settings.schedules) without one cron entry per integration: a
 * scheduler job ticks every minute and sends the streams that are due. Jobs carry the integration
 * id as singletonKey on `stately` queues, so an integration never has two polls queued or running
 * at once, however slow Cityworks is. Paused, disabled and unconfigured integrations are skipped.
 */

const QUEUE_OF: Record<ScheduledStream, string> = {
  categories: queues.syncCategories.name,
  'poll-updates': queues.pollUpdates.name,
  'import-requests': queues.importRequests.name,
};

export async function sendDueStreams(boss: PgBoss, db: Db, now = new Date()): Promise<{ integrationId: string; stream: ScheduledStream }[]> {
  const integrations = await db.integration.findMany({
    where: { enabled: true, pausedAt: null, authFailingSince: null },
    select: { id: true, mode: true, settings: true, environment: true, testEndpointUrl: true, productionEndpointUrl: true },
  });
  const sent: { integrationId: string; stream: ScheduledStream }[] = [];
  for (const i of integrations) {
    const endpoint = i.environment === 'PRODUCTION' ? i.productionEndpointUrl : i.testEndpointUrl;
    if (!endpoint) continue;
    const settings = readSettings(i.settings);
    const clocks: Partial<Record<ScheduledStream, StreamClock>> = {};
    for (const stream of SCHEDULED_STREAMS) {
      const c = await readCursor(db, i.id, stream satisfies Stream);
      clocks[stream] = { lastStartedAt: c.cursor.progress ? new Date(c.cursor.progress.startedAt) : c.lastSuccessAt };
    }
    for (const stream of dueStreams(settings, i.mode, clocks, now)) {
      const id = await boss.send(QUEUE_OF[stream], { integrationId: i.id }, { singletonKey: i.id });
      if (id) sent.push({ integrationId: i.id, stream });
    }
  }
  return sent;
}

export async function registerSchedules(boss: PgBoss, db: Db): Promise<void> {
  await boss.work(queues.syncScheduler.name, { pollingIntervalSeconds: 5 }, async () => {
    await sendDueStreams(boss, db);
  });
  await boss.schedule(queues.syncScheduler.name, '* * * * *', {}, { singletonKey: 'sync-scheduler' });
  await boss.schedule(queues.archiveClosed.name, '7 * * * *', {}, { singletonKey: 'archive-closed' });
}
