import type { SyncAlert } from '@/lib/operations/health-types';
import styles from './operations.module.css';

export function AlertList({ alerts, heading }: { alerts: SyncAlert[]; heading: string }) {
  if (alerts.length === 0) return null;
  return (
    <section className={styles.banner} aria-label={heading} data-testid="sync-alerts">
      <strong>{heading}</strong>
      <ul>{alerts.map((a, i) => <li key={`${a.integrationId}-${a.kind}-${i}`} data-kind={a.kind}>{a.message}</li>)}</ul>
    </section>
  );
}
