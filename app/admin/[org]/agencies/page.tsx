import { orgPageContext } from '@/lib/auth/page-context';
import { canEditAgencies, canViewAgencies } from '@/lib/auth/permissions';
import { AgenciesManager } from '@/components/agencies/AgenciesManager';
import { AccessDenied } from '@/components/ui/AccessDenied';

export default async function AgenciesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canViewAgencies(actor, org.id)) return <AccessDenied what="agencies" />;
  return (
    <>
      <h1>Agencies</h1>
      <p className="hint">
        Each agency has a service area. Upload it as a zipped shapefile or GeoJSON; polygons with holes and multipolygons are supported.
        {' '}<a href={`/admin/${org.slug}/request-types`}>Assign request types to agencies</a>.
      </p>
      <AgenciesManager org={org.slug} canEdit={canEditAgencies(actor, org.id)} />
    </>
  );
}
