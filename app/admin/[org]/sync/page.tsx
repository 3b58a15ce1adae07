import { AccessDenied } from '@/components/ui/AccessDenied';
import { orgPageContext } from '@/lib/auth/page-context';
import { canViewIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';

export default async function SyncHealthIndex({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewIntegration(actor, org.id)) return <AccessDenied what="sync health" />;
  const integrations = await db.integration.findMany({ where: { organizationId: org.id }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true, environment: true, pausedAt: true, authFailingSince: true } });
  return (
    <>
      <h1>Sync health</h1>
      {integrations.length === 0 ? <p className="muted">No integration is configured.</p> : (
        <ul>
          {integrations.map((i) => (
            <li key={i.id}>
              <a href={`/admin/${org.slug}/sync/${i.id}`}>{i.name} ({i.environment.toLowerCase()})</a>
              {i.pausedAt ? ' — paused' : ''}
              {i.authFailingSince ? ' — authentication failing' : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
