import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptWith, encryptWith, keyIdOf, SecretDecryptionError } from '@/lib/secrets/cipher';

describe('AES-256-GCM secret cipher', () => {
  const key = randomBytes(32);
  const keys = new Map([[keyIdOf(key), key]]);

  it('round-trips and never stores the plaintext', () => {
    const e = encryptWith(key, 'Springfield!311', 'integration:1:TEST_PASSWORD');
    expect(Buffer.from(e.ciphertext).toString('utf8')).not.toContain('Springfield');
    expect(decryptWith(keys, e, 'integration:1:TEST_PASSWORD')).toBe('Springfield!311');
  });

  it('refuses a tampered ciphertext, another row (AAD) and an unknown key', () => {
    const e = encryptWith(key, 'secret', 'integration:1:TEST_PASSWORD');
    const tampered = { ...e, ciphertext: Buffer.from(e.ciphertext).map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(() => decryptWith(keys, tampered, 'integration:1:TEST_PASSWORD')).toThrow(SecretDecryptionError);
    expect(() => decryptWith(keys, e, 'integration:2:TEST_PASSWORD')).toThrow(SecretDecryptionError);
    const other = randomBytes(32);
    expect(() => decryptWith(new Map([[keyIdOf(other), other]]), e, 'integration:1:TEST_PASSWORD')).toThrow(/no key with id/);
  });

  it('refuses a truncated authentication tag (GCM accepts tags down to 4 bytes unless told the length)', () => {
    const e = encryptWith(key, 'secret', 'integration:1:TEST_PASSWORD');
    expect(e.authTag.length).toBe(16);
    for (const length of [4, 8, 12, 15]) {
      const truncated = { ...e, authTag: Buffer.from(e.authTag).subarray(0, length) };
      expect(() => decryptWith(keys, truncated, 'integration:1:TEST_PASSWORD')).toThrow(SecretDecryptionError);
    }
  });
});
