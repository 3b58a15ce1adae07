import type { ReactNode } from 'react';
import { orgPageContext } from '@/lib/auth/page-context';
import { canEditMapSettings, canViewAgencies, canViewAuditLog, canViewIntegration, canViewIssues, canViewMembers } from '@/lib/auth/permissions';
import { basemapFor } from '@/lib/maps/basemap';
import { BasemapProvider } from '@/components/map/BasemapContext';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { SyncAlertBanner, SyncAlertCount } from '@/components/operations/SyncAlertBanner';

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, org, role } = await orgPageContext(slug);
  const base = `/admin/${org.slug}`;
  const basemap = await basemapFor(org.id);
  return (
    <div className="shell">
      <nav className="side" aria-label="Organization">
        <strong>{org.title}</strong>
        <p className="hint" data-testid="role">{ROLE_LABELS[role]}</p>
        <h2>Work</h2>
        <ul>
          <li><a href={base}>Overview</a></li>
          {canViewIssues(actor, org.id) ? <li><a href={`${base}/issues`}>Issues</a></li> : null}
        </ul>
        <h2>Manage Organization</h2>
        <ul>
          {canViewIntegration(actor, org.id) ? <li><a href={`${base}/integrations`}>Integrations</a></li> : null}
          {canViewIntegration(actor, org.id) ? <li><a href={`${base}/sync`}>Sync health <SyncAlertCount org={org.slug} /></a></li> : null}
          {canViewAgencies(actor, org.id) ? <li><a href={`${base}/agencies`}>Agencies</a></li> : null}
          {canViewAgencies(actor, org.id) ? <li><a href={`${base}/request-types`}>Request types</a></li> : null}
          {canViewMembers(actor, org.id) ? <li><a href={`${base}/members`}>Members</a></li> : null}
          {canViewAuditLog(actor, org.id) ? <li><a href={`${base}/audit`}>Audit log</a></li> : null}
          {canEditMapSettings(actor, org.id) ? <li><a href={`${base}/settings`}>Settings</a></li> : null}
        </ul>
        {actor.memberships.length > 1 ? (
          <>
            <h2>Switch organization</h2>
            <ul>
              {actor.memberships.filter((m) => m.organizationId !== org.id).map((m) => (
                <li key={m.organizationId}><a href={`/admin/${m.organizationSlug}`}>{m.organizationTitle}</a></li>
              ))}
            </ul>
          </>
        ) : null}
      </nav>
      <main className="content">
        {canViewIntegration(actor, org.id) ? <SyncAlertBanner org={org.slug} /> : null}
        <BasemapProvider value={basemap}>{children}</BasemapProvider>
      </main>
    </div>
  );
}
