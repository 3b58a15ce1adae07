import { env } from '@/lib/env';

/** SYNC_LAG_ALERT_MINUTES as milliseconds: a stream further behind than its schedule plus this is late. */
export function lagThresholdMs(): number {
  return env.SYNC_LAG_ALERT_MINUTES * 60_000;
}
