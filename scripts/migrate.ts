/**
 * `deploy`: apply committed migrations (lib/database/migrations.ts).
 * `new <name>`: author a migration offline by diffing prisma/migrations/schema.snapshot.prisma
 * (the schema as of the last migration) against prisma/schema.prisma with Prisma's wasm schema
 * engine, which needs no database and no download. Re-verify on every Prisma upgrade: this is an
 * internal API of @prisma/schema-engine-wasm.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { applyMigrations, MIGRATIONS_DIR } from '../lib/database/migrations';
import { ensureDatabase } from '../lib/database/ensure-database';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const schemaPath = path.join(root, 'prisma/schema.prisma');
const snapshotPath = path.join(MIGRATIONS_DIR, 'schema.snapshot.prisma');

interface WasmEngine {
  diff(args: unknown): Promise<{ exitCode: number; stdout: string }>;
}

async function loadEngine(databaseUrl: string): Promise<WasmEngine> {
  const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = (await import(bgPath)) as Record<string, unknown> & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: { new: (...args: unknown[]) => Promise<WasmEngine> };
  };
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = { set_message: (m: string) => console.error(m) };
  const wasm = readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(wasm, { './schema_engine_bg.js': bg as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const { PrismaPg } = await import('@prisma/adapter-pg');
  // The engine connects when it is constructed, although a diff of two datamodels reads no table.
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  const schemaText = readFileSync(schemaPath, 'utf8');
  return bg.SchemaEngine.new({ datamodels: [[schemaPath, schemaText]] }, () => undefined, factory);
}

async function newMigration(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('migration name: lower-case letters, digits and _ only');
  const { databaseUrl, stop } = await ensureDatabase();
  let engine: WasmEngine;
  try {
    engine = await loadEngine(databaseUrl);
  } catch (err) {
    await stop();
    throw err;
  }
  const from = existsSync(snapshotPath)
    ? { tag: 'schemaDatamodel', files: [{ path: snapshotPath, content: readFileSync(snapshotPath, 'utf8') }] }
    : { tag: 'empty' };
  const res = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }] },
    script: true,
    exitCode: true,
    filters: { externalTables: [], externalEnums: [] },
  }).finally(stop);
  if (res.exitCode === 0 || !res.stdout.trim()) {
    console.log('schema.prisma matches the last migration: nothing to do');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), res.stdout);
  copyFileSync(schemaPath, snapshotPath);
  const lock = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  if (!existsSync(lock)) writeFileSync(lock, '# Do not edit: Prisma reads this file.\nprovider = "postgresql"\n');
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
}

async function main(): Promise<void> {
  const [cmd, arg] = process.argv.slice(2);
  if (cmd === 'new' && arg) return newMigration(arg);
  if (cmd === 'deploy') {
    const { databaseUrl, stop } = await ensureDatabase();
    try {
      const r = await applyMigrations(databaseUrl);
      console.log(`migrations: ${r.applied.length} applied, ${r.alreadyApplied} already applied`);
    } finally {
      await stop();
    }
    return;
  }
  console.error('usage: tsx scripts/migrate.ts deploy | new <name>');
  process.exitCode = 2;
}

await main();
