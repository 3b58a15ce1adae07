import { orgPageContext } from '@/lib/auth/page-context';
import { db } from '@/lib/db';
import { combinedBBox } from '@/lib/geo/rings';
import { canEditMapSettings } from '@/lib/auth/permissions';
import { basemapFor, deploymentBasemapSetting, organizationBasemapSetting } from '@/lib/maps/basemap';
import { MapSettingsForm } from '@/components/settings/MapSettingsForm';
import { AccessDenied } from '@/components/ui/AccessDenied';

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org } = await orgPageContext(slug);
  if (!canEditMapSettings(actor, org.id)) return <AccessDenied what="the organization settings" />;
  const [own, current] = await Promise.all([organizationBasemapSetting(org.id), basemapFor(org.id)]);
  const fallback = deploymentBasemapSetting();
  const agencies = await db.agency.findMany({ where: { organizationId: org.id, geographyUpdatedAt: { not: null } }, select: { bbox: true } });
  const extent = combinedBBox(agencies.map((a) => a.bbox));
  return (
    <>
      <h1>Settings</h1>
      <MapSettingsForm org={org.slug} initial={own} deploymentDefault={fallback} current={current} extent={extent} />
    </>
  );
}
