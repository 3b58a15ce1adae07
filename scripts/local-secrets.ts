import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Without configured secrets (the two-command demo), generate them once and keep them under the
 * data directory so sessions and encrypted credentials survive restarts. Production sets
 * NEXTAUTH_SECRET and SECRETS_KEY in the environment and these files are never written.
 */
function keep(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

export function fillLocalSecrets(dataDir: string): string[] {
  const generated: string[] = [];
  if (!process.env.NEXTAUTH_SECRET) {
    process.env.NEXTAUTH_SECRET = keep(path.join(dataDir, 'nextauth-secret'), () => randomBytes(32).toString('base64'));
    generated.push('NEXTAUTH_SECRET');
  }
  if (!process.env.SECRETS_KEY) {
    process.env.SECRETS_KEY = keep(path.join(dataDir, 'secrets.key'), () => randomBytes(32).toString('base64'));
    generated.push('SECRETS_KEY');
  }
  return generated;
}
