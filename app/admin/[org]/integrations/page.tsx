import { orgPageContext } from '@/lib/auth/page-context';
import { canViewIntegration } from '@/lib/auth/permissions';
import { AccessDenied } from '@/components/ui/AccessDenied';
import { IntegrationAdmin } from '@/components/integrations/IntegrationAdmin';

export default async function IntegrationsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewIntegration(actor, org.id)) return <AccessDenied what="the integration" />;
  return (
    <>
      <h1>Integrations: Cityworks</h1>
      <IntegrationAdmin org={org.slug} />
    </>
  );
}
