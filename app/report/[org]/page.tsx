import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { combinedBBox } from '@/lib/geo/rings';
import { addressSearchAvailable } from '@/lib/crm/address-search';
import { basemapFor } from '@/lib/maps/basemap';
import { BasemapProvider } from '@/components/map/BasemapContext';
import { ReportForm } from '@/components/report/ReportForm';

export const dynamic = 'force-dynamic';

/**
 * Public: no account. The organization's title, the extent of its service areas and whether it has
 * a geocoder for address search, nothing else.
 */
export default async function ReportPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const org = await db.organization.findUnique({ where: { slug }, select: { id: true, slug: true, title: true, agencies: { where: { geographyUpdatedAt: { not: null } }, select: { bbox: true } } } });
  if (!org) notFound();
  const extent = combinedBBox(org.agencies.map((a) => a.bbox));
  const addressSearch = await addressSearchAvailable(db, org.slug);
  const basemap = await basemapFor(org.id);
  return (
    <main className="report">
      <h1>Report a problem to {org.title}</h1>
      <BasemapProvider value={basemap}>
        <ReportForm org={org.slug} initialBbox={extent} addressSearch={addressSearch} />
      </BasemapProvider>
    </main>
  );
}
