import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** AES-256-GCM. The key id is a short hash of the key, so rotation can tell keys apart. */
export interface EncryptedSecret {
  keyId: string;
  iv: Uint8Array;
  authTag: Uint8Array;
  ciphertext: Uint8Array;
}

export class SecretDecryptionError extends Error {
  override readonly name = 'SecretDecryptionError';
}

// GCM's tag is 16 bytes; Node would otherwise accept a tag cut to as little as 4 bytes, and a
// short tag can be forged by trial far more cheaply.
const AUTH_TAG_LENGTH = 16;

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function encryptWith(key: Buffer, plaintext: string, aad: string): EncryptedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: AUTH_TAG_LENGTH });
  // The additional data binds a ciphertext to its row: a copied ciphertext fails to decrypt elsewhere.
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: keyIdOf(key), iv, authTag: cipher.getAuthTag(), ciphertext };
}

export function decryptWith(keys: Map<string, Buffer>, secret: EncryptedSecret, aad: string): string {
  const key = keys.get(secret.keyId);
  if (!key) throw new SecretDecryptionError(`no key with id ${secret.keyId} is configured (was SECRETS_KEY rotated without SECRETS_PREVIOUS_KEYS?)`);
  try {
    if (secret.authTag.length !== AUTH_TAG_LENGTH) throw new Error('short authentication tag');
    const decipher = createDecipheriv('aes-256-gcm', key, secret.iv, { authTagLength: AUTH_TAG_LENGTH });
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(secret.authTag);
    return Buffer.concat([decipher.update(secret.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('a stored secret failed authentication: it was altered or belongs to another record');
  }
}
