import type { IntegrationHealth } from '@/lib/operations/health-types';
import styles from './operations.module.css';

/** Outbox counts by state and pg-boss jobs waiting, running or failed per queue for this integration. */
export function QueueTable({ health }: { health: IntegrationHealth }) {
  const s = health.submissions;
  return (
    <>
      <dl className={styles.tiles} data-testid="submission-counts">
        {(['PENDING', 'IN_FLIGHT', 'SUCCEEDED', 'DEAD', 'SKIPPED'] as const).map((k) => (
          <div key={k} className={styles.tile} data-testid={`submissions-${k}`}>
            <dt>{k.replace('_', ' ').toLowerCase()}</dt>
            <dd>{s[k]}</dd>
          </div>
        ))}
      </dl>
      <table>
        <thead><tr><th scope="col">Queue</th><th scope="col">Queued</th><th scope="col">Retrying</th><th scope="col">Running</th><th scope="col">Failed</th></tr></thead>
        <tbody>
          {health.queues.map((q) => (
            <tr key={q.queue} data-testid={`queue-${q.queue}`}><th scope="row">{q.queue}</th><td>{q.created}</td><td>{q.retry}</td><td>{q.active}</td><td>{q.failed}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
