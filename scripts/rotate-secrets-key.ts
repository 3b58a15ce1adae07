/**
 * Re-encrypts every stored secret with SECRETS_KEY. Run with the old key in SECRETS_PREVIOUS_KEYS;
 * afterwards the old key can be removed. Safe to run twice.
 */
import { ensureDatabase } from '../lib/database/ensure-database';

const { databaseUrl, stop } = await ensureDatabase();
process.env.DATABASE_URL = databaseUrl;
try {
  const { db } = await import('../lib/db');
  const { reencryptAllSecrets } = await import('../lib/secrets/integration-secrets');
  const n = await reencryptAllSecrets(db);
  console.log(`re-encrypted ${n} secret(s) with the current key`);
  await db.$disconnect();
} finally {
  await stop();
}
