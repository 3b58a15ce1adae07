/**
 * Issue created -> Acknowledged, p50/p95 over N issues (default 500) at emulator latency 0 and
 * 50 ms, beside the floor: the same Cityworks create made directly by the client, sequentially,
 * in the same run (the sum of the emulator calls an issue needs). Embedded PostgreSQL under
 * .data/bench-pg, the real worker handlers in process.
 *   npx tsx bench/submit-latency.ts [--issues 500] [--rate 20] [--latencies 0,50]
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { startEmbeddedPostgres } from '@/lib/database/embedded-postgres';
import { applyMigrations } from '@/lib/database/migrations';
import type { Db } from '@/lib/db';

export const EMU_LOGIN = 'api311';
export const EMU_PASSWORD = 'Springfield!311';

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Embedded Postgres, migrated, with lib/env satisfied; returns the URL (set before lib/db loads). */
export async function benchDatabase(name: string) {
  process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('base64');
  process.env.SECRETS_KEY ||= randomBytes(32).toString('base64');
  // The bundled emulator listens on loopback, which the outbound guard refuses unless allow-listed.
  process.env.OUTBOUND_ALLOW ||= '127.0.0.1/32';
  const pg = await startEmbeddedPostgres({
    dataDir: `.data/bench-pg-${name}`,
    port: arg('pg-port', { latency: 54391, drain: 54392, chaos: 54393 }[name] ?? 54394),
    database: `${name}_${Date.now()}`,
    // BENCH_PG_STATS=1: pg_stat_statements loaded, for a bench that prints where PostgreSQL's time went.
    ...(process.env.BENCH_PG_STATS ? { settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on' } } : {}),
  });
  await applyMigrations(pg.databaseUrl);
  process.env.DATABASE_URL = pg.databaseUrl;
  return pg;
}

export async function seedWorld(emu: { url: string }) {
  const { db } = await import('@/lib/db');
  const { setIntegrationSecret } = await import('@/lib/secrets/integration-secrets');
  const org = await db.organization.create({ data: { slug: `bench-${Date.now()}`, title: 'City of Springfield' } });
  const integration = await db.integration.create({
    data: { organizationId: org.id, version: 'V15_8', mode: 'SERVICE_REQUESTS', testEndpointUrl: emu.url, testLoginName: EMU_LOGIN, srid: 3857, settings: { maxConcurrentCalls: 8 } },
  });
  await setIntegrationSecret(db, integration.id, 'TEST_PASSWORD', EMU_PASSWORD);
  const rt = await db.requestType.create({
    data: { organizationId: org.id, integrationId: integration.id, remoteKind: 'SERVICE_REQUEST', remoteCode: '101', name: 'Pothole' },
  });
  return { db, organizationId: org.id, integrationId: integration.id, requestTypeId: rt.id };
}

export function report(i: number) {
  return { summary: `Bench issue ${i}`, description: 'Generated', lat: 39.78 + (i % 100) * 1e-4, lng: -89.65, address: `${i} Main St`, reporterName: 'Bench', reporterEmail: null };
}

async function floorMs(emu: CityworksEmulator, n: number): Promise<number[]> {
  const { createCityworksClient } = await import('@/lib/cityworks');
  const cw = createCityworksClient({ baseUrl: emu.url, version: '15.8', loginName: EMU_LOGIN, password: EMU_PASSWORD });
  await cw.authenticate();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await cw.serviceRequests.create({ problemSid: 101, details: 'floor', x: -9979803, y: 4834270, otherSystemId: `floor-${i}` });
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

async function waitUntilAcknowledged(db: Db, organizationId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await db.issue.count({ where: { organizationId, status: 'OPEN' } });
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`${open} issues still open after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function scenario(latencyMs: number, issues: number, ratePerSec: number) {
  const emu = await startCityworksEmulator();
  if (latencyMs > 0) emu.faults.set({ service: '*', kind: 'latency', latencyMs });
  const world = await seedWorld(emu);
  const { createBoss, ensureQueues } = await import('@/lib/jobs/boss');
  const { registerOutboundSync } = await import('@/workers/jobs/outbound-sync');
  const { createIssue } = await import('@/lib/crm/create-issue');
  const boss = createBoss(process.env.DATABASE_URL!, { max: 20 });
  boss.on('error', () => undefined);
  await boss.start();
  await ensureQueues(boss);
  const outbound = await registerOutboundSync(boss, world.db, { sweepCron: null });

  const floor = await floorMs(emu, 100);
  // A worker process is long-lived: its first jobs compile queries, log in and warm the JIT. Those
  // are left out of the figures (they are not what a steady service shows).
  const warmup = arg('warmup', 10);
  for (let i = 0; i < warmup; i++) await createIssue(world.db, boss, { organizationId: world.organizationId, requestTypeId: world.requestTypeId, ...report(-1 - i) });
  await waitUntilAcknowledged(world.db, world.organizationId, 60_000);
  const measuredAfter = new Date();
  const started = new Map<string, number>();
  const t0 = Date.now();
  const creates: Promise<void>[] = [];
  for (let i = 0; i < issues; i++) {
    const due = t0 + (i * 1000) / ratePerSec;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    creates.push(
      (async () => {
        const before = Date.now();
        const c = await createIssue(world.db, boss, { organizationId: world.organizationId, requestTypeId: world.requestTypeId, ...report(i) });
        started.set(c.id, before);
      })(),
    );
  }
  await Promise.all(creates);
  await waitUntilAcknowledged(world.db, world.organizationId, 300_000);
  const acked = await world.db.issue.findMany({ where: { organizationId: world.organizationId, createdAt: { gte: measuredAfter } }, select: { id: true, acknowledgedAt: true } });
  const lat = acked.map((a) => a.acknowledgedAt!.getTime() - started.get(a.id)!).sort((a, b) => a - b);
  const creates2 = emu.calls.filter((c) => c.service === 'ServiceRequest/Create').length - 100 - warmup;
  // Where the time goes, from pg-boss's own timestamps of each issue's first job.
  const phases = await world.db.$queryRawUnsafe<{ wait: number; run: number }[]>(
    `SELECT extract(epoch FROM (started_on - created_on)) * 1000 AS wait, extract(epoch FROM (completed_on - started_on)) * 1000 AS run
       FROM pgboss.job WHERE name = 'submit-issue' AND retry_count = 0 AND started_on IS NOT NULL AND completed_on IS NOT NULL AND created_on >= $1`,
    measuredAfter,
  );
  const wait = phases.map((p) => Number(p.wait)).sort((a, b) => a - b);
  const run = phases.map((p) => Number(p.run)).sort((a, b) => a - b);
  await outbound.stop(2000);
  await boss.stop({ graceful: false, timeout: 2000 });
  await outbound.close();
  await emu.close();
  return { latencyMs, issues, p50: percentile(lat, 50), p95: percentile(lat, 95), max: lat.at(-1) ?? NaN, waitP50: percentile(wait, 50), waitP95: percentile(wait, 95), runP50: percentile(run, 50), runP95: percentile(run, 95), floorP50: percentile(floor, 50), floorP95: percentile(floor, 95), creates: creates2 };
}

async function main() {
  const issues = arg('issues', 500);
  const rate = arg('rate', 20);
  const pg = await benchDatabase('latency');
  try {
    const rows = [];
    const i = process.argv.indexOf('--latencies');
    const latencies = i > 0 ? (process.argv[i + 1] ?? '').split(',').map(Number) : [0, 50];
    for (const latency of latencies) rows.push(await scenario(latency, issues, rate));
    console.log(`\nIssue created -> Acknowledged, ${issues} issues arriving at ${rate}/s, in-process worker (LISTEN/NOTIFY)\n`);
    console.log('| emulator latency | p50 | p95 | max | queue wait p50 / p95 | handler p50 / p95 | floor p50 (direct create) | floor p95 | SR creates |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(`| ${r.latencyMs} ms | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ${r.max.toFixed(0)} ms | ${r.waitP50.toFixed(0)} / ${r.waitP95.toFixed(0)} ms | ${r.runP50.toFixed(0)} / ${r.runP95.toFixed(0)} ms | ${r.floorP50.toFixed(1)} ms | ${r.floorP95.toFixed(1)} ms | ${r.creates} |`);
    }
  } finally {
    const { db } = await import('@/lib/db');
    await db.$disconnect();
    await pg.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
