import { notFound } from 'next/navigation';
import { SyncHealthDashboard } from '@/components/operations/SyncHealthDashboard';
import { AccessDenied } from '@/components/ui/AccessDenied';
import { orgPageContext } from '@/lib/auth/page-context';
import { canOperateIntegration, canViewIntegration } from '@/lib/auth/permissions';
import { db } from '@/lib/db';

export default async function SyncHealthPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewIntegration(actor, org.id)) return <AccessDenied what="sync health" />;
  const integration = await db.integration.findFirst({ where: { id, organizationId: org.id }, select: { id: true, name: true } });
  if (!integration) notFound();
  return (
    <>
      <p><a href={`/admin/${org.slug}/sync`}>Sync health</a></p>
      <h1>Sync health: {integration.name}</h1>
      <SyncHealthDashboard org={org.slug} integrationId={integration.id} canOperate={canOperateIntegration(actor, org.id)} />
    </>
  );
}
