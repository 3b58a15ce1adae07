import type { FailureClassCount } from '@/lib/operations/health-types';
import styles from './operations.module.css';

/** Failures by error class over 24 hours as horizontal bars, inline SVG with a table for screen readers. */
export function FailureBars({ failures }: { failures: FailureClassCount[] }) {
  if (failures.length === 0) return <p className={styles.good} data-testid="no-failures">No failures in the last 24 hours.</p>;
  const max = Math.max(...failures.map((f) => f.count));
  const rowH = 22;
  return (
    <>
      <svg className={styles.chart} viewBox={`0 0 480 ${failures.length * rowH}`} aria-hidden="true">
        {failures.map((f, i) => (
          <g key={f.errorClass} transform={`translate(0 ${i * rowH})`}>
            <text x={0} y={15} fontSize={12} fill="var(--fg)">{f.errorClass}</text>
            <rect x={200} y={4} width={Math.max(2, (f.count / max) * 240)} height={14} fill="var(--danger)" />
            <text x={206 + (f.count / max) * 240} y={15} fontSize={12} fill="var(--fg)">{f.count}</text>
          </g>
        ))}
      </svg>
      <table className="sr-only" data-testid="failures">
        <caption>Failures by class, last 24 hours</caption>
        <tbody>{failures.map((f) => <tr key={f.errorClass}><th scope="row">{f.errorClass}</th><td>{f.count}</td></tr>)}</tbody>
      </table>
    </>
  );
}
