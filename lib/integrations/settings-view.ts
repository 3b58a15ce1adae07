import type { Db } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import {
  canEditIntegrationCredentials,
  canEditIntegrationSettings,
  canOperateIntegration,
  canTestIntegrationConnection,
  canViewAuditLog,
  canViewIntegration,
} from '@/lib/auth/permissions';
import { forbidden } from '@/lib/http/errors';
import { secretPresence } from '@/lib/secrets/integration-secrets';
import type { ConnectionInput } from './connection-schema';
import { geocoderAuthView, type GeocoderAuthView } from './geocoder-credentials';
import { findIntegration } from './integration-record';
import { readSettings, type IntegrationSettings } from './settings';

/**
 * Everything the Integrations page shows. It never holds a secret: for passwords only when each
 * was set (`passwordSet`), so the view is safe for every role that may see the integration.
 */
export interface IntegrationView {
  exists: boolean;
  id: string | null;
  organizationTitle: string;
  connection: ConnectionInput;
  endpoints: {
    TEST: { endpointUrl: string | null; loginName: string | null };
    PRODUCTION: { endpointUrl: string | null; loginName: string | null };
  };
  passwordSet: { test: string | null; production: string | null };
  /** How the integration signs in to its ArcGIS locator; never the API key or password. */
  geocoderAuth: GeocoderAuthView;
  settings: IntegrationSettings;
  health: { authFailingSince: string | null; authFailureReason: string | null; pausedAt: string | null };
  updatedAt: string | null;
  can: { editCredentials: boolean; testConnection: boolean; editSettings: boolean; viewAudit: boolean; operate: boolean };
}

type Tx = Pick<Db, 'integration' | 'integrationSecret' | 'organization'>;

export async function getIntegrationView(tx: Tx, actor: Actor, organizationId: string): Promise<IntegrationView> {
  if (!canViewIntegration(actor, organizationId)) throw forbidden();
  const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { title: true } });
  const row = await findIntegration(tx, organizationId);
  const presence = row ? await secretPresence(tx, row.id) : null;
  const can = {
    editCredentials: canEditIntegrationCredentials(actor, organizationId),
    testConnection: canTestIntegrationConnection(actor, organizationId),
    editSettings: canEditIntegrationSettings(actor, organizationId),
    viewAudit: canViewAuditLog(actor, organizationId),
    operate: canOperateIntegration(actor, organizationId),
  };
  return {
    exists: row !== null,
    id: row?.id ?? null,
    organizationTitle: org.title,
    connection: {
      version: row?.version ?? 'V15_8',
      deployment: row?.deployment ?? 'ON_PREMISE',
      mode: row?.mode ?? 'SERVICE_REQUESTS',
      environment: row?.environment ?? 'TEST',
      srid: row?.srid ?? 3857,
      geocoderUrl: row?.geocoderUrl ?? null,
      validateAddress: row?.validateAddress ?? false,
    },
    endpoints: {
      TEST: { endpointUrl: row?.testEndpointUrl ?? null, loginName: row?.testLoginName ?? null },
      PRODUCTION: { endpointUrl: row?.productionEndpointUrl ?? null, loginName: row?.productionLoginName ?? null },
    },
    passwordSet: { test: presence?.TEST_PASSWORD ?? null, production: presence?.PRODUCTION_PASSWORD ?? null },
    geocoderAuth: await geocoderAuthView(tx, row?.id ?? null),
    settings: readSettings(row?.settings ?? {}),
    health: {
      authFailingSince: row?.authFailingSince?.toISOString() ?? null,
      authFailureReason: row?.authFailureReason ?? null,
      pausedAt: row?.pausedAt?.toISOString() ?? null,
    },
    updatedAt: row?.updatedAt.toISOString() ?? null,
    can,
  };
}
