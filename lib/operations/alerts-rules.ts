import type { StreamHealth, SyncAlert } from './health-types';

/**
 * When a problem is worth an admin's attention, in one pure place (tested without a database).
 * A stream is late when it is further behind than its own schedule plus the threshold, so an
 * hourly category sync is not "late" 16 minutes after it ran.
 */
export function isLate(stream: Pick<StreamHealth, 'enabled' | 'currentLagMs' | 'expectedIntervalMs'>, thresholdMs: number): boolean {
  if (!stream.enabled || stream.currentLagMs === null) return false;
  return stream.currentLagMs > (stream.expectedIntervalMs ?? 0) + thresholdMs;
}

const STREAM_LABEL: Record<StreamHealth['stream'], string> = {
  submit: 'Sending issues and comments',
  'poll-updates': 'Polling for updates',
  'import-requests': 'Importing requests',
  'sync-categories': 'Category sync',
  'sync-questions': 'Question sync',
};

export function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

export function alertsFor(
  integration: { id: string; name: string; enabled: boolean; pausedAt: Date | null; authFailingSince: Date | null; authFailureReason: string | null },
  streams: Pick<StreamHealth, 'stream' | 'enabled' | 'currentLagMs' | 'expectedIntervalMs' | 'late'>[],
  deadLetters: number,
): SyncAlert[] {
  const base = { integrationId: integration.id, integrationName: integration.name };
  const alerts: SyncAlert[] = [];
  if (integration.authFailingSince) {
    alerts.push({ ...base, kind: 'auth-failing', message: `Authentication to Cityworks is failing since ${integration.authFailingSince.toISOString()}: ${integration.authFailureReason ?? 'unknown reason'}. Sending is held until a login succeeds.` });
  }
  if (integration.pausedAt) {
    alerts.push({ ...base, kind: 'paused', message: `Sync is paused since ${integration.pausedAt.toISOString()}; work is held and is sent when it is resumed.` });
  } else if (integration.enabled) {
    // A paused integration is behind on purpose: the pause alert says so instead of one per stream.
    for (const s of streams.filter((x) => x.late)) {
      alerts.push({ ...base, kind: 'lag', message: `${STREAM_LABEL[s.stream]} is ${minutes(s.currentLagMs ?? 0)} behind.` });
    }
  }
  if (deadLetters > 0) {
    alerts.push({ ...base, kind: 'dead-letters', message: `${deadLetters} dead letter${deadLetters === 1 ? '' : 's'} waiting: retry, edit or skip them.` });
  }
  return alerts;
}
