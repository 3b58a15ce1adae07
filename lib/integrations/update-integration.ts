import type { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { audit } from '@/lib/audit';
import { canEditIntegrationCredentials, canEditIntegrationSettings } from '@/lib/auth/permissions';
import { badRequest, forbidden } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { diffFields } from './audit-changes';
import { credentialsSchema } from './connection-schema';
import { credentialBindingChanged, CLEARED_PASSWORD, CLEARED_TOKEN, serverCredentialsSchema } from './credential-binding';
import { serverConnectionSchema } from './connection-server-schema';
import { findOrCreateIntegration } from './integration-record';
import { integrationSettingsSchema, readSettings, workOrderFieldConflicts, type IntegrationSettings } from './settings';

/**
 * The three writes of the Integrations page. Each validates its input with the same zod schema as
 * the browser form, checks the permission, writes, and records an audit entry in the same
 * transaction. A password is audited as `{ set: true }`, never by value.
 */

export const AUDIT_ENTITY = 'Integration';

interface Deps {
  db: Db;
  actor: Actor;
  organizationId: string;
}

export interface UpdateResult {
  integrationId: string;
  changed: string[];
  /** The stored password (or geocoder token) was deleted because the endpoint or login changed. */
  secretCleared?: boolean;
}

export async function updateCredentials({ db, actor, organizationId }: Deps, raw: unknown): Promise<UpdateResult> {
  if (!canEditIntegrationCredentials(actor, organizationId)) throw forbidden();
  const input = serverCredentialsSchema(credentialsSchema, { allowHttp: env.ALLOW_HTTP_ENDPOINTS }).parse(raw);
  return db.$transaction(async (tx) => {
    const row = await findOrCreateIntegration(tx, organizationId);
    const isTest = input.environment === 'TEST';
    const before = isTest
      ? { endpointUrl: row.testEndpointUrl, loginName: row.testLoginName }
      : { endpointUrl: row.productionEndpointUrl, loginName: row.productionLoginName };
    const after = { endpointUrl: input.endpointUrl, loginName: input.loginName };
    const changes: Record<string, unknown> = diffFields(before, after);
    await tx.integration.update({
      where: { id: row.id },
      data: isTest
        ? { testEndpointUrl: input.endpointUrl, testLoginName: input.loginName }
        : { productionEndpointUrl: input.endpointUrl, productionLoginName: input.loginName },
    });
    const secretName = isTest ? 'TEST_PASSWORD' : 'PRODUCTION_PASSWORD';
    let secretCleared = false;
    if (input.password !== undefined) {
      await setIntegrationSecret(tx, row.id, secretName, input.password);
      changes.password = { set: true };
    } else if (credentialBindingChanged(before, after)) {
      // The password was given for that host and that login; sending it anywhere else would hand
      // the city's Cityworks password to whoever runs the new URL. It must be typed again.
      const removed = await tx.integrationSecret.deleteMany({ where: { integrationId: row.id, name: secretName } });
      if (removed.count > 0) {
        secretCleared = true;
        changes.password = CLEARED_PASSWORD;
      }
    }
    const changed = Object.keys(changes);
    if (changed.length > 0) {
      await audit(tx, actor, {
        organizationId,
        action: 'integration.credentials.update',
        entityType: AUDIT_ENTITY,
        entityId: row.id,
        changes: { environment: input.environment, ...changes } as Prisma.InputJsonValue,
      });
    }
    return { integrationId: row.id, changed, ...(secretCleared ? { secretCleared } : {}) };
  });
}

export async function updateConnection({ db, actor, organizationId }: Deps, raw: unknown): Promise<UpdateResult> {
  if (!canEditIntegrationSettings(actor, organizationId)) throw forbidden();
  const input = serverConnectionSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const row = await findOrCreateIntegration(tx, organizationId);
    const before = {
      version: row.version,
      deployment: row.deployment,
      mode: row.mode,
      environment: row.environment,
      srid: row.srid,
      geocoderUrl: row.geocoderUrl,
      validateAddress: row.validateAddress,
    };
    const changes: Record<string, unknown> = diffFields(before, input);
    if (input.mode !== 'SERVICE_REQUESTS') refuseWorkOrderConflicts(readSettings(row.settings), input.mode, false);
    await tx.integration.update({ where: { id: row.id }, data: input });
    // The geocoder token belongs to the geocoder it was issued for, like a password to its endpoint.
    let secretCleared = false;
    if (row.geocoderUrl && row.geocoderUrl !== input.geocoderUrl) {
      const removed = await tx.integrationSecret.deleteMany({
        where: { integrationId: row.id, name: { in: ['GEOCODER_TOKEN', 'GEOCODER_USERNAME', 'GEOCODER_PASSWORD'] } },
      });
      if (removed.count > 0) {
        secretCleared = true;
        changes.geocoderToken = CLEARED_TOKEN;
      }
    }
    if (Object.keys(changes).length > 0) {
      await audit(tx, actor, { organizationId, action: 'integration.connection.update', entityType: AUDIT_ENTITY, entityId: row.id, changes: changes as Prisma.InputJsonValue });
    }
    return { integrationId: row.id, changed: Object.keys(changes), ...(secretCleared ? { secretCleared } : {}) };
  });
}

export async function updateSettings({ db, actor, organizationId }: Deps, raw: unknown): Promise<UpdateResult> {
  if (!canEditIntegrationSettings(actor, organizationId)) throw forbidden();
  const input = integrationSettingsSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const row = await findOrCreateIntegration(tx, organizationId);
    if (row.mode !== 'SERVICE_REQUESTS') refuseWorkOrderConflicts(input, row.mode, true);
    const before = readSettings(row.settings);
    const changes = diffFields(before, input);
    await tx.integration.update({ where: { id: row.id }, data: { settings: input as Prisma.InputJsonValue } });
    // A newly watched field starts from a fresh baseline (the next poll's value), not from the old
    // field's last value: otherwise every open issue would get an activity message at once.
    if ((before.observedField?.field ?? null) !== (input.observedField?.field ?? null)) {
      await tx.remoteLink.updateMany({ where: { integrationId: row.id }, data: { observedValue: null } });
    }
    if (Object.keys(changes).length > 0) {
      await audit(tx, actor, { organizationId, action: 'integration.settings.update', entityType: AUDIT_ENTITY, entityId: row.id, changes });
    }
    return { integrationId: row.id, changed: Object.keys(changes) };
  });
}

/**
 * A city that creates work orders must keep the issue-number field apart from the image URL and
 * reporter fields, and (work orders only) choose the templates to offer: with none, category sync
 * has nothing to offer citizens. Refused with the field named, like a schema error.
 */
function refuseWorkOrderConflicts(settings: IntegrationSettings, mode: 'WORK_ORDERS' | 'BOTH', requireTemplates: boolean): void {
  const details = workOrderFieldConflicts(settings).map((c) => ({ path: c.path.join('.'), message: c.message }));
  if (requireTemplates && mode === 'WORK_ORDERS' && settings.workOrderTemplates.length === 0) {
    details.push({ path: 'workOrderTemplates', message: 'Choose at least one work order template: without one, citizens have no category to report under.' });
  }
  if (details.length > 0) {
    const where = mode === 'WORK_ORDERS' ? 'This integration creates work orders' : 'This integration also creates work orders';
    throw badRequest(`${where}: ${details.map((d) => d.message).join(' ')}`, details);
  }
}
