import type { HourBucket } from '@/lib/operations/health-types';
import styles from './operations.module.css';

/** Last 24 hours of sync steps per hour as stacked bars (ok below, failed on top), inline SVG. */
export function ActivityChart({ hours }: { hours: HourBucket[] }) {
  const W = 480;
  const H = 120;
  const bar = W / Math.max(1, hours.length);
  const max = Math.max(1, ...hours.map((h) => h.ok + h.error));
  const total = hours.reduce((n, h) => ({ ok: n.ok + h.ok, error: n.error + h.error }), { ok: 0, error: 0 });
  return (
    <figure>
      <svg className={styles.chart} viewBox={`0 0 ${W} ${H + 16}`} role="img" aria-label={`Last 24 hours: ${total.ok} steps succeeded, ${total.error} failed`}>
        {hours.map((h, i) => {
          const okH = (h.ok / max) * H;
          const errH = (h.error / max) * H;
          return (
            <g key={h.hour}>
              <title>{`${new Date(h.hour).toLocaleString('en-US', { hour: 'numeric', day: 'numeric', month: 'short' })}: ${h.ok} ok, ${h.error} failed${h.p95 !== null ? `, p95 ${h.p95} ms` : ''}`}</title>
              <rect x={i * bar + 1} y={H - okH} width={bar - 2} height={okH} fill="var(--ok)" />
              <rect x={i * bar + 1} y={H - okH - errH} width={bar - 2} height={errH} fill="var(--danger)" />
            </g>
          );
        })}
        <line x1={0} y1={H} x2={W} y2={H} stroke="var(--line)" />
        <text x={0} y={H + 13} fontSize={10} fill="var(--muted)">24 h ago</text>
        <text x={W} y={H + 13} fontSize={10} fill="var(--muted)" textAnchor="end">now</text>
      </svg>
      <figcaption className="hint">Sync steps per hour: green succeeded, red failed (hover a bar for figures).</figcaption>
    </figure>
  );
}
