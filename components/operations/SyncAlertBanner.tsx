import { cache } from 'react';
import { db } from '@/lib/db';
import { lagThresholdMs } from '@/lib/operations/config';
import type { SyncAlert } from '@/lib/operations/health-types';
import { organizationAlerts } from '@/lib/operations/stream-health';
import { AlertList } from './AlertList';
import styles from './operations.module.css';

/** Once per request, however many places on the page show alerts. */
const alertsOf = cache(async (organizationId: string): Promise<SyncAlert[] | null> => {
  try {
    return await organizationAlerts(db, organizationId, lagThresholdMs());
  } catch (err) {
    // The banner must not take every admin page down with it; the dashboard shows the real error.
    console.error('sync alerts unavailable', err);
    return null;
  }
});

/** Server component: the organization's sync problems above the page content, linking to the dashboard. */
export async function SyncAlertBanner({ organizationId, base }: { organizationId: string; base: string }) {
  const alerts = await alertsOf(organizationId);
  if (alerts === null) return <p className="hint">Sync health is unavailable right now. <a href={`${base}/sync`}>Open sync health</a></p>;
  if (alerts.length === 0) return null;
  return (
    <div>
      <AlertList alerts={alerts} heading="Cityworks sync needs attention" />
      <p className={styles.buttons}><a href={`${base}/sync/${encodeURIComponent(alerts[0]!.integrationId)}`}>Open sync health</a></p>
    </div>
  );
}

/** A count beside the navigation links, so problems show wherever an admin is. */
export async function SyncAlertCount({ organizationId }: { organizationId: string }) {
  const alerts = await alertsOf(organizationId);
  const n = alerts?.filter((a) => a.kind !== 'paused').length ?? 0;
  return n > 0 ? <span className={styles.badge} data-testid="sync-alert-count" aria-label={`${n} sync problem${n === 1 ? '' : 's'}`}>{n}</span> : null;
}
