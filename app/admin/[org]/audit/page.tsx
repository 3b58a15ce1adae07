import { orgPageContext } from '@/lib/auth/page-context';
import { canViewAuditLog } from '@/lib/auth/permissions';
import { listAuditLog } from '@/lib/audit-log';
import { AccessDenied } from '@/components/ui/AccessDenied';

export default async function AuditPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewAuditLog(actor, org.id)) return <AccessDenied what="the audit log" />;
  const entries = await listAuditLog(org.id);
  return (
    <>
      <h1>Audit log</h1>
      {entries.length === 0 ? <p className="muted">No configuration changes yet.</p> : (
        <table>
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Changes</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString('en-US')}</td>
                <td>{e.actorEmail}</td>
                <td>{e.action} {e.entityType}</td>
                <td><code>{JSON.stringify(e.changes)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
