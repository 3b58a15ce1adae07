import { orgPageContext } from '@/lib/auth/page-context';
import { canEditAgencies, canViewAgencies } from '@/lib/auth/permissions';
import { RequestTypesManager } from '@/components/agencies/RequestTypesManager';
import { AccessDenied } from '@/components/ui/AccessDenied';

export default async function RequestTypesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewAgencies(actor, org.id)) return <AccessDenied what="request types" />;
  return (
    <>
      <h1>Request types</h1>
      <p className="hint">
        Citizens see a request type only where its agency’s <a href={`/admin/${org.slug}/agencies`}>geography</a> covers the reported point.
        {' '}<a href={`/report/${org.slug}`}>Open the public report page</a>.
      </p>
      <RequestTypesManager org={org.slug} canEdit={canEditAgencies(actor, org.id)} />
    </>
  );
}
