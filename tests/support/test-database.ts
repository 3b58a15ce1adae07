import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * Runs before each test file: a fresh database copied from the migrated template, and test
 * values for the secrets lib/env requires. Files that need no database still get the secrets.
 */
process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('base64');
process.env.SECRETS_KEY ||= randomBytes(32).toString('base64');

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
