import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * Runs before each test file: a fresh database copied from the migrated template, and test
 * values for the secrets lib/env requires. Files that need no database still get the secrets.
 */
process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('base64');
process.env.SECRETS_KEY ||= randomBytes(32).toString('base64');
// The emulators listen on 127.0.0.1 (random ports), which the outbound guard refuses by default;
// 127.0.0.2 and other loopback addresses stay refused, for the guard's own tests.
process.env.OUTBOUND_ALLOW ??= '127.0.0.1/32';
process.env.ALLOW_HTTP_ENDPOINTS ??= '1';

const adminUrl = inject('pgAdminUrl');
if (adminUrl) {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template cb_template`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  delete (globalThis as { __civicBridgePrisma?: unknown }).__civicBridgePrisma;
}
