/**
 * The database for an operator's command (org:create, operator:create): DATABASE_URL when set;
 * else the embedded PostgreSQL under DATA_DIR (default .data), joined while `npm start` is running
 * it, or started for the command (and migrated, on a fresh installation) when it is not.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from '../lib/database/ensure-database';
import { applyMigrations } from '../lib/database/migrations';
import { fillLocalSecrets } from './local-secrets';

function runningEmbeddedPort(pgDataDir: string): number | null {
  const pidFile = path.join(pgDataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: line 1 the pid, line 4 the port (PostgreSQL's documented layout).
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number.isInteger(port) && port > 0 ? port : null;
}

export async function openCliDatabase(): Promise<{ stop: () => Promise<void> }> {
  const root = path.resolve(import.meta.dirname, '..');
  const dataDir = path.resolve(root, process.env.DATA_DIR || '.data');
  process.env.PGDATA_DIR ||= path.join(dataDir, 'pg');
  // lib/env wants the secrets even though these commands sign and encrypt nothing.
  fillLocalSecrets(dataDir);
  if (!process.env.DATABASE_URL?.trim()) {
    const port = runningEmbeddedPort(process.env.PGDATA_DIR);
    if (port) {
      process.env.DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${port}/civic_bridge`;
      return { stop: async () => undefined };
    }
  }
  const database = await ensureDatabase();
  process.env.DATABASE_URL = database.databaseUrl;
  await applyMigrations(database.databaseUrl);
  return { stop: database.stop };
}

/** Where links point: --base-url, else NEXTAUTH_URL (the address people open), else the local default. */
export function baseUrlFrom(flag: string | undefined): string {
  return flag || process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`;
}
