import { env } from '@/lib/env';
import { keyIdOf } from './cipher';

/** The current key encrypts; current and previous keys decrypt (for rotation). */
export function currentKey(): Buffer {
  return Buffer.from(env.SECRETS_KEY, 'base64');
}

export function decryptionKeys(): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  const current = currentKey();
  keys.set(keyIdOf(current), current);
  for (const part of env.SECRETS_PREVIOUS_KEYS.split(',').map((s) => s.trim()).filter(Boolean)) {
    const b64 = part.includes(':') ? part.slice(part.indexOf(':') + 1) : part;
    const key = Buffer.from(b64, 'base64');
    if (key.length === 32) keys.set(keyIdOf(key), key);
  }
  return keys;
}
