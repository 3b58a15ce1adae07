import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, listMigrations, MigrationError, MIGRATIONS_DIR } from '@/lib/database/migrations';

const adminUrl = process.env.TEST_ADMIN_DATABASE_URL!;
const created: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `m_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('migrations', () => {
  it('build the whole schema on an empty database and record them as Prisma does', async () => {
    const url = await emptyDatabase();
    const result = await applyMigrations(url);
    const expected = listMigrations();
    expect(result.applied).toEqual(expected.map((m) => m.name));
    const tables = (await query<{ table_name: string }>(url, `select table_name from information_schema.tables where table_schema = 'public'`)).map((r) => r.table_name);
    for (const t of ['Organization', 'User', 'Membership', 'Agency', 'RequestType', 'Question', 'AnswerOption', 'Issue', 'IssueAnswer', 'Comment', 'Media', 'Integration', 'IntegrationSecret', 'RemoteLink', 'Submission', 'SyncEvent', 'SyncCursor', 'AuditLog', 'LoginAttempt', 'WorkerHeartbeat']) {
      expect(tables).toContain(t);
    }
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(url, 'select migration_name, checksum, finished_at from "_prisma_migrations" order by migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(expected.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      // Prisma's checksum: sha256 of the migration.sql bytes, hex.
      expect(row.checksum).toBe(createHash('sha256').update(expected[i]!.sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it('apply nothing the second time, and once when two processes start together', async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect(a.applied.length + b.applied.length).toBe(listMigrations().length);
    const again = await applyMigrations(url);
    expect(again).toEqual({ applied: [], alreadyApplied: listMigrations().length });
  });

  it('refuse a migration edited after it was applied', async () => {
    const url = await emptyDatabase();
    await applyMigrations(url);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const first = listMigrations(dir)[0]!;
    writeFileSync(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    await expect(applyMigrations(url, dir)).rejects.toThrow(MigrationError);
    await expect(applyMigrations(url, dir)).rejects.toThrow(/edited after it was applied/);
  });

  it('roll back a failing migration whole and say which one', async () => {
    const url = await emptyDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const bad = path.join(dir, '99990101000000_broken');
    cpSync(path.join(dir, listMigrations(dir)[0]!.name), bad, { recursive: true });
    writeFileSync(path.join(bad, 'migration.sql'), 'create table half_written (id int);\nselect * from no_such_table;\n');
    await expect(applyMigrations(url, dir)).rejects.toThrow(/99990101000000_broken failed/);
    const half = await query(url, `select 1 from information_schema.tables where table_name = 'half_written'`);
    expect(half).toHaveLength(0);
  });
});
