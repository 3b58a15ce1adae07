import type { StreamHealth } from '@/lib/operations/health-types';
import { duration, when } from './format';
import styles from './operations.module.css';

const LABEL: Record<StreamHealth['stream'], string> = {
  submit: 'Submit (issues and comments)',
  'poll-updates': 'Poll updates',
  'import-requests': 'Import requests',
  'sync-categories': 'Categories',
  'sync-questions': 'Questions',
};

/** Last successful window and lag per stream; a late stream is marked in words, not only colour. */
export function StreamTable({ streams }: { streams: StreamHealth[] }) {
  return (
    <table>
      <thead>
        <tr><th scope="col">Stream</th><th scope="col">Last success</th><th scope="col">Window</th><th scope="col">Lag now</th><th scope="col">Last run</th></tr>
      </thead>
      <tbody>
        {streams.map((s) => (
          <tr key={s.stream} data-testid={`stream-${s.stream}`}>
            <th scope="row">{LABEL[s.stream]}{s.enabled ? null : <span className="hint"> (off)</span>}</th>
            <td>{when(s.lastSuccessAt)}</td>
            <td>{s.windowEnd ? `${when(s.windowStart)} – ${when(s.windowEnd)}` : <span className="hint">{s.stream === 'submit' ? 'oldest waiting item' : '—'}</span>}</td>
            <td className={s.late ? styles.late : undefined}>{duration(s.currentLagMs)}{s.late ? ' (late)' : ''}</td>
            <td>{s.lastRunState ?? '—'}{s.lastRunMessage ? <span className={s.lastRunState === 'failed' ? 'error' : 'hint'}> {s.lastRunMessage}</span> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
