import type { IntegrationMode } from '@/generated/prisma/enums';
import type { IntegrationSettings } from '@/lib/integrations/settings';

/** The per-integration streams the scheduler starts, and their queue names. */
export const SCHEDULED_STREAMS = ['categories', 'poll-updates', 'import-requests'] as const;
export type ScheduledStream = (typeof SCHEDULED_STREAMS)[number];

export interface StreamClock {
  /** When the stream last started (successful or not), so a failing stream waits its interval too. */
  lastStartedAt: Date | null;
}

export function intervalMs(stream: ScheduledStream, settings: IntegrationSettings): number {
  const s = settings.schedules;
  switch (stream) {
    case 'categories':
      return Math.min(s.categorySyncMinutes, s.questionSyncMinutes) * 60_000;
    case 'poll-updates':
      return s.pollIntervalSeconds * 1000;
    case 'import-requests':
      return s.requestImportMinutes * 60_000;
  }
}

/**
 * Which streams of one integration are due at `now`. Pure, so the schedule is testable without a
 * clock. The scheduler ticks every minute, so intervals below a minute run once a minute.
 */
export function dueStreams(settings: IntegrationSettings, mode: IntegrationMode, clocks: Partial<Record<ScheduledStream, StreamClock>>, now: Date): ScheduledStream[] {
  return SCHEDULED_STREAMS.filter((stream) => {
    if (stream === 'import-requests' && (!settings.switches.importRequests || mode === 'WORK_ORDERS')) return false;
    const last = clocks[stream]?.lastStartedAt;
    // A little slack so that a one-minute schedule ticking at 60.0 s does not skip a beat.
    return !last || now.getTime() - last.getTime() >= intervalMs(stream, settings) - 5_000;
  });
}
