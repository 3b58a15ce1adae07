import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import type { Actor } from '@/lib/auth/roles';
import { audit } from '@/lib/audit';
import { canEditIntegrationCredentials } from '@/lib/auth/permissions';
import type { Db } from '@/lib/db';
import { forbidden } from '@/lib/http/errors';
import { clearIntegrationSecret, readIntegrationSecret, secretPresence, setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { geocoderCredentialsSchema, type GeocoderAuthKind } from './geocoder-credentials-schema';
import { findOrCreateIntegration } from './integration-record';

type Tx = Pick<Db, 'integrationSecret'>;

/** What the integration page may show: the kind, the user name, when the secret was set; never a secret. */
export interface GeocoderAuthView {
  kind: GeocoderAuthKind;
  username: string | null;
  secretSetAt: string | null;
}

export async function geocoderAuthView(tx: Tx, integrationId: string | null): Promise<GeocoderAuthView> {
  if (!integrationId) return { kind: 'NONE', username: null, secretSetAt: null };
  const presence = await secretPresence(tx, integrationId);
  if (presence.GEOCODER_USERNAME && presence.GEOCODER_PASSWORD) {
    return { kind: 'USER_PASSWORD', username: await readIntegrationSecret(tx, integrationId, 'GEOCODER_USERNAME'), secretSetAt: presence.GEOCODER_PASSWORD };
  }
  if (presence.GEOCODER_TOKEN) return { kind: 'API_KEY', username: null, secretSetAt: presence.GEOCODER_TOKEN };
  return { kind: 'NONE', username: null, secretSetAt: null };
}

function missing(path: string, message: string): z.ZodError {
  return new z.ZodError([{ code: 'custom', path: [path], message, input: undefined }]);
}

/**
 * Sets how the integration signs in to its locator (customer admins and implementation managers,
 * like the Cityworks credentials). Switching kind clears the other kind's secrets, so a stale API
 * key is never sent beside a login. Audited without values: `{ set: true }` for a secret.
 */
export async function updateGeocoderCredentials({ db, actor, organizationId }: { db: Db; actor: Actor; organizationId: string }, raw: unknown) {
  if (!canEditIntegrationCredentials(actor, organizationId)) throw forbidden();
  const input = geocoderCredentialsSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const row = await findOrCreateIntegration(tx, organizationId);
    const before = await geocoderAuthView(tx, row.id);
    const changes: Record<string, unknown> = {};
    if (before.kind !== input.kind) changes.kind = { from: before.kind, to: input.kind };
    if (input.kind === 'NONE') {
      for (const name of ['GEOCODER_TOKEN', 'GEOCODER_USERNAME', 'GEOCODER_PASSWORD'] as const) await clearIntegrationSecret(tx, row.id, name);
    } else if (input.kind === 'API_KEY') {
      if (input.apiKey === undefined && before.kind !== 'API_KEY') throw missing('apiKey', 'Enter the API key.');
      await clearIntegrationSecret(tx, row.id, 'GEOCODER_USERNAME');
      await clearIntegrationSecret(tx, row.id, 'GEOCODER_PASSWORD');
      if (input.apiKey !== undefined) {
        await setIntegrationSecret(tx, row.id, 'GEOCODER_TOKEN', input.apiKey);
        changes.apiKey = { set: true };
      }
    } else {
      // A new user name with the old password would be a login nobody typed.
      if (input.password === undefined && (before.kind !== 'USER_PASSWORD' || before.username !== input.username)) throw missing('password', 'Enter the password for this user.');
      await clearIntegrationSecret(tx, row.id, 'GEOCODER_TOKEN');
      if (before.username !== input.username) changes.username = { from: before.username, to: input.username };
      await setIntegrationSecret(tx, row.id, 'GEOCODER_USERNAME', input.username);
      if (input.password !== undefined) {
        await setIntegrationSecret(tx, row.id, 'GEOCODER_PASSWORD', input.password);
        changes.password = { set: true };
      }
    }
    const changed = Object.keys(changes);
    if (changed.length > 0) {
      await audit(tx, actor, {
        organizationId,
        action: 'integration.geocoder-credentials.update',
        entityType: 'Integration',
        entityId: row.id,
        changes: changes as Prisma.InputJsonValue,
      });
    }
    return { integrationId: row.id, changed };
  });
}
