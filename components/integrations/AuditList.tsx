'use client';

import { useIntegrationAudit } from '@/components/hooks/use-integration-audit';

const ACTIONS: Record<string, string> = {
  'integration.credentials.update': 'Credentials changed',
  'integration.connection.update': 'Connection changed',
  'integration.settings.update': 'Settings changed',
  'integration.connection.test': 'Connection tested',
};

function describe(changes: unknown): string {
  if (typeof changes !== 'object' || changes === null) return '';
  return Object.entries(changes as Record<string, unknown>)
    .map(([k, v]) => {
      if (v && typeof v === 'object' && 'set' in v) return `${k}: replaced`;
      if (v && typeof v === 'object' && 'from' in v && 'to' in v) return `${k}: ${JSON.stringify((v as { from: unknown }).from)} → ${JSON.stringify((v as { to: unknown }).to)}`;
      return `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`;
    })
    .join('; ');
}

export function AuditList({ org }: { org: string }) {
  const q = useIntegrationAudit(org, true);
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Change history</h2>
      {q.isPending ? <p className="hint" role="status">Loading history…</p> : null}
      {q.isError ? <p className="error" role="alert">{q.error.message}</p> : null}
      {q.data && q.data.entries.length === 0 ? <p className="hint">No changes yet.</p> : null}
      {q.data && q.data.entries.length > 0 ? (
        <table data-testid="integration-audit">
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Changes</th></tr></thead>
          <tbody>
            {q.data.entries.map((e) => (
              <tr key={e.id}>
                <td><time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time></td>
                <td>{e.actorEmail}</td>
                <td>{ACTIONS[e.action] ?? e.action}</td>
                <td className="changes">{describe(e.changes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
