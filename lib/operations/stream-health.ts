import type { Integration } from '@/generated/prisma/client';
import type { Db } from '@/lib/db';
import { readSettings } from '@/lib/integrations/settings';
import { readCursor, type Stream } from '@/lib/sync/cursors';
import { intervalMs } from '@/lib/sync/inbound/due-streams';
import { alertsFor, isLate } from './alerts-rules';
import type { StreamHealth, SyncAlert } from './health-types';

/**
 * Last successful window and lag per stream. Inbound streams read their SyncCursor; the outbound
 * "submit" stream has no window, so its lag is the age of the oldest submission still waiting.
 */
const CURSOR_OF = { 'poll-updates': 'poll-updates', 'import-requests': 'import-requests', 'sync-categories': 'categories', 'sync-questions': 'questions' } as const satisfies Record<string, Stream>;

export async function streamHealth(db: Db, integration: Integration, now: Date, thresholdMs: number): Promise<StreamHealth[]> {
  const settings = readSettings(integration.settings);
  const oldest = await db.submission.findFirst({
    where: { integrationId: integration.id, state: { in: ['PENDING', 'IN_FLIGHT'] } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  });
  const submit: StreamHealth = {
    stream: 'submit',
    enabled: integration.enabled,
    lastSuccessAt: (await db.submission.findFirst({ where: { integrationId: integration.id, state: 'SUCCEEDED' }, orderBy: { completedAt: 'desc' }, select: { completedAt: true } }))?.completedAt?.toISOString() ?? null,
    windowStart: null,
    windowEnd: null,
    lagMsAtSuccess: null,
    currentLagMs: oldest ? Math.max(0, now.getTime() - oldest.createdAt.getTime()) : 0,
    expectedIntervalMs: 0,
    late: false,
    lastRunState: null,
    lastRunMessage: null,
  };
  const out: StreamHealth[] = [submit];
  const expected: Record<keyof typeof CURSOR_OF, number> = {
    'poll-updates': intervalMs('poll-updates', settings),
    'import-requests': intervalMs('import-requests', settings),
    'sync-categories': settings.schedules.categorySyncMinutes * 60_000,
    'sync-questions': settings.schedules.questionSyncMinutes * 60_000,
  };
  for (const [stream, cursorStream] of Object.entries(CURSOR_OF) as [keyof typeof CURSOR_OF, Stream][]) {
    const c = await readCursor(db, integration.id, cursorStream);
    const enabled = integration.enabled && (stream !== 'import-requests' || (settings.switches.importRequests && integration.mode !== 'WORK_ORDERS'));
    out.push({
      stream,
      enabled,
      lastSuccessAt: c.lastSuccessAt?.toISOString() ?? null,
      windowStart: c.windowStart?.toISOString() ?? null,
      windowEnd: c.windowEnd?.toISOString() ?? null,
      lagMsAtSuccess: c.lagMs,
      currentLagMs: c.windowEnd ? Math.max(0, now.getTime() - c.windowEnd.getTime()) : null,
      expectedIntervalMs: expected[stream],
      late: false,
      lastRunState: c.cursor.progress?.state ?? null,
      lastRunMessage: c.cursor.progress?.message ?? null,
    });
  }
  return out.map((s) => ({ ...s, late: isLate(s, thresholdMs) }));
}

/** The cheap part of health, for banners on every admin page: no percentiles, no queue scan. */
export async function integrationAlerts(db: Db, integration: Integration, now: Date, thresholdMs: number): Promise<SyncAlert[]> {
  const [streams, dead] = await Promise.all([
    streamHealth(db, integration, now, thresholdMs),
    db.submission.count({ where: { integrationId: integration.id, state: 'DEAD' } }),
  ]);
  return alertsFor(integration, streams, dead);
}

export async function organizationAlerts(db: Db, organizationId: string, thresholdMs: number, now = new Date()): Promise<SyncAlert[]> {
  const integrations = await db.integration.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' } });
  const all: SyncAlert[] = [];
  for (const i of integrations) all.push(...(await integrationAlerts(db, i, now, thresholdMs)));
  return all;
}
