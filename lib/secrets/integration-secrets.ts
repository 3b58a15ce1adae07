import type { Db } from '@/lib/db';
import { decryptWith, encryptWith } from './cipher';
import { currentKey, decryptionKeys } from './keyring';

/**
 * GEOCODER_TOKEN is a long-lived token or API key for a secured locator; GEOCODER_USERNAME and
 * GEOCODER_PASSWORD are the login exchanged for short-lived tokens (lib/arcgis/token.ts).
 */
export type SecretName = 'TEST_PASSWORD' | 'PRODUCTION_PASSWORD' | 'GEOCODER_TOKEN' | 'GEOCODER_USERNAME' | 'GEOCODER_PASSWORD';

const aadFor = (integrationId: string, name: SecretName) => `integration:${integrationId}:${name}`;

type Tx = Pick<Db, 'integrationSecret'>;

export async function setIntegrationSecret(tx: Tx, integrationId: string, name: SecretName, value: string): Promise<void> {
  const e = encryptWith(currentKey(), value, aadFor(integrationId, name));
  const data = { keyId: e.keyId, iv: Buffer.from(e.iv), authTag: Buffer.from(e.authTag), ciphertext: Buffer.from(e.ciphertext) };
  await tx.integrationSecret.upsert({
    where: { integrationId_name: { integrationId, name } },
    create: { integrationId, name, ...data },
    update: data,
  });
}

export async function clearIntegrationSecret(tx: Tx, integrationId: string, name: SecretName): Promise<void> {
  await tx.integrationSecret.deleteMany({ where: { integrationId, name } });
}

/** Server-side only: the plaintext is for the Cityworks client, never for a response. */
export async function readIntegrationSecret(tx: Tx, integrationId: string, name: SecretName): Promise<string | null> {
  const row = await tx.integrationSecret.findUnique({ where: { integrationId_name: { integrationId, name } } });
  if (!row) return null;
  return decryptWith(decryptionKeys(), row, aadFor(integrationId, name));
}

/** What a browser may know: which secrets are set and when, never their value. */
export async function secretPresence(tx: Tx, integrationId: string): Promise<Record<SecretName, string | null>> {
  const rows = await tx.integrationSecret.findMany({ where: { integrationId }, select: { name: true, updatedAt: true } });
  const out: Record<SecretName, string | null> = { TEST_PASSWORD: null, PRODUCTION_PASSWORD: null, GEOCODER_TOKEN: null, GEOCODER_USERNAME: null, GEOCODER_PASSWORD: null };
  for (const r of rows) if (r.name in out) out[r.name as SecretName] = r.updatedAt.toISOString();
  return out;
}

/** Re-encrypts every secret with the current key; returns how many were rewritten. */
export async function reencryptAllSecrets(db: Db): Promise<number> {
  const keys = decryptionKeys();
  const key = currentKey();
  const rows = await db.integrationSecret.findMany();
  let n = 0;
  for (const row of rows) {
    const aad = aadFor(row.integrationId, row.name as SecretName);
    const e = encryptWith(key, decryptWith(keys, row, aad), aad);
    if (row.keyId === e.keyId) continue;
    await db.integrationSecret.update({
      where: { id: row.id },
      data: { keyId: e.keyId, iv: Buffer.from(e.iv), authTag: Buffer.from(e.authTag), ciphertext: Buffer.from(e.ciphertext) },
    });
    n++;
  }
  return n;
}
