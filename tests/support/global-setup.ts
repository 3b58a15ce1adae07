import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../lib/database/embedded-postgres';
import { applyMigrations } from '../../lib/database/migrations';
import { freePort } from './free-port';

export const TEMPLATE_DB = 'cb_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
  }
}

/**
 * One real PostgreSQL for the whole run, in a temporary directory on a free port. The migrations
 * are applied once to a template database; each test file gets its own copy of it
 * (tests/support/test-database.ts), so files are isolated and can run in parallel.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.VITEST_NO_DB === '1') {
    project.provide('pgAdminUrl', null);
    return async () => undefined;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civic-bridge-test-pg-'));
  // mkdtemp makes the directory 0700; PostgreSQL runs as the postgres user when we are root.
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), database: TEMPLATE_DB });
  await applyMigrations(server.databaseUrl);
  // No connection may stay open on a template, or CREATE DATABASE ... TEMPLATE fails.
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`alter database ${TEMPLATE_DB} is_template true`);
  await admin.end();
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
