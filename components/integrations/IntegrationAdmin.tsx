'use client';

import { ENVIRONMENTS } from '@/lib/integrations/connection-schema';
import { useIntegration } from '@/components/hooks/use-integration';
import { AuditList } from './AuditList';
import { ConnectionForm } from './ConnectionForm';
import { CredentialsForm } from './CredentialsForm';
import { GeocoderCredentialsForm } from './GeocoderCredentialsForm';
import { DryRunPanel } from './DryRunPanel';
import { SettingsForm } from './SettingsForm';
import { SyncPanel } from './SyncPanel';
import { TestConnectionPanel } from './TestConnectionPanel';

/** Manage Organization → Integrations: everything about the Cityworks integration on one page. */
export function IntegrationAdmin({ org }: { org: string }) {
  const q = useIntegration(org);
  if (q.isPending) return <p className="hint" role="status">Loading the integration…</p>;
  if (q.isError) return <p className="error" role="alert">Could not load the integration: {q.error.message}</p>;
  const view = q.data;
  // Forms keep their own state after a save (it is what was saved); they are not re-mounted on refetch.
  return (
    <>
      {view.health.authFailingSince ? (
        <p className="error card" role="alert">Sign-in to Cityworks has been failing since {new Date(view.health.authFailingSince).toLocaleString()}: {view.health.authFailureReason}</p>
      ) : null}
      <section className="card" aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">Credentials</h2>
        <p className="hint">Enter these here yourself: never send a password to anyone. Passwords are stored encrypted and never shown again.</p>
        <div className="two">
          {ENVIRONMENTS.map((env) => <CredentialsForm key={env} org={org} environment={env} view={view} />)}
        </div>
      </section>
      {view.can.testConnection ? <TestConnectionPanel org={org} defaultEnvironment={view.connection.environment} /> : null}
      <section className="card" aria-labelledby="connection-heading">
        <h2 id="connection-heading">Connection and GIS</h2>
        <ConnectionForm org={org} view={view} />
        <GeocoderCredentialsForm org={org} view={view} />
      </section>
      <section className="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Mappings, messages and schedules</h2>
        <SettingsForm org={org} view={view} />
      </section>
      {view.id ? <SyncPanel org={org} integrationId={view.id} canOperate={view.can.operate} /> : null}
      {view.can.testConnection && view.exists ? <DryRunPanel org={org} /> : null}
      {view.can.viewAudit ? <AuditList org={org} /> : null}
    </>
  );
}
