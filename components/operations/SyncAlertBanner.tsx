'use client';

import { usePathname } from 'next/navigation';
import { useSyncHealthAlerts } from '@/components/hooks/use-sync-health-alerts';
import { AlertList } from './AlertList';
import styles from './operations.module.css';

/**
 * The organization's sync problems above every admin page, kept fresh while the page is open. On
 * the sync health pages the dashboard shows the same alerts live, so the banner steps aside there.
 */
export function SyncAlertBanner({ org }: { org: string }) {
  const pathname = usePathname();
  const { data } = useSyncHealthAlerts(org);
  const base = `/admin/${org}`;
  if (!data || data.alerts.length === 0 || pathname.startsWith(`${base}/sync`)) return null;
  return (
    <div>
      <AlertList alerts={data.alerts} heading="Cityworks sync needs attention" />
      <p className={styles.buttons}><a href={`${base}/sync/${encodeURIComponent(data.alerts[0]!.integrationId)}`}>Open sync health</a></p>
    </div>
  );
}

/** A count beside the navigation link, so problems show wherever an admin is. */
export function SyncAlertCount({ org }: { org: string }) {
  const { data } = useSyncHealthAlerts(org);
  const n = data?.alerts.filter((a) => a.kind !== 'paused').length ?? 0;
  return n > 0 ? <span className={styles.badge} data-testid="sync-alert-count" aria-label={`${n} sync problem${n === 1 ? '' : 's'}`}>{n}</span> : null;
}
