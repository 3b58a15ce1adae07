/**
 * poll-updates: remote calls and time per poll cycle at 100, 1,000 and 10,000 acknowledged issues
 * (100,000 with --sizes 100000: slow, the emulator looks records up linearly), beside the
 * one-call-per-issue approach measured in the same run (ServiceRequest/ById for every issue; a
 * full naive poll would also need one comments and one attachments call per issue, i.e. 3N calls).
 * Embedded PostgreSQL under .data/bench-pg, the Cityworks emulator in process, latency 0.
 *   npx tsx bench/poll-cycle.ts [--sizes 100,1000,10000] [--pg-port 54392]
 */
import { randomBytes } from 'node:crypto';
import { startCityworksEmulator } from '@/emulators/cityworks/server';
import { startEmbeddedPostgres } from '@/lib/database/embedded-postgres';
import { applyMigrations } from '@/lib/database/migrations';

function argText(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const sizes = (argText('sizes') ?? '100,1000,10000').split(',').map(Number);

process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('base64');
process.env.SECRETS_KEY ||= randomBytes(32).toString('base64');
// The bundled emulator listens on loopback, which the outbound guard refuses unless allow-listed.
process.env.OUTBOUND_ALLOW ||= '127.0.0.1/32';
const pg = await startEmbeddedPostgres({ dataDir: '.data/bench-pg', port: Number(argText('pg-port') ?? 54392), database: `poll_${Date.now()}` });
await applyMigrations(pg.databaseUrl);
process.env.DATABASE_URL = pg.databaseUrl;
const { db } = await import('@/lib/db');
const { setIntegrationSecret } = await import('@/lib/secrets/integration-secrets');
const { pollUpdates } = await import('@/lib/sync/poll-updates');
const { createCityworksClient } = await import('@/lib/cityworks');

interface Row {
  issues: number;
  calls: number;
  steadyMs: number;
  firstMs: number;
  naiveCalls: number;
  naiveByIdMs: number;
}
const rows: Row[] = [];

for (const n of sizes) {
  const emu = await startCityworksEmulator({ port: 0, version: '15.8' });
  try {
    const org = await db.organization.create({ data: { slug: `poll-${n}-${Date.now()}`, title: 'City of Springfield' } });
    const integration = await db.integration.create({
      data: { organizationId: org.id, version: 'V15_8', mode: 'SERVICE_REQUESTS', testEndpointUrl: emu.url, testLoginName: 'api311', srid: 3857, settings: {} },
    });
    await setIntegrationSecret(db, integration.id, 'TEST_PASSWORD', 'Springfield!311');
    const requestIds: number[] = [];
    for (let i = 0; i < n; i++) requestIds.push(emu.staff.createRequest({ ProblemSid: 101, lon: -89.65 + (i % 1000) * 1e-5, lat: 39.78, InitiatedByApp: 'CivicBridge' }).RequestId as number);
    for (let i = 0; i < n; i += 5000) {
      const part = requestIds.slice(i, i + 5000);
      const issues = await db.issue.createManyAndReturn({
        data: part.map((_, j) => ({ organizationId: org.id, status: 'ACKNOWLEDGED' as const, summary: `Bench ${i + j}`, lat: 39.78, lng: -89.65, acknowledgedAt: new Date() })),
        select: { id: true },
      });
      await db.remoteLink.createMany({
        data: issues.map((issue, j) => ({ integrationId: integration.id, issueId: issue.id, environment: 'TEST' as const, remoteKind: 'SERVICE_REQUEST' as const, remoteId: String(part[j]), remoteStatus: 'OPEN' })),
      });
    }

    let t = performance.now();
    await pollUpdates(db, integration.id);
    const firstMs = performance.now() - t;
    t = performance.now();
    const steady = await pollUpdates(db, integration.id);
    const steadyMs = performance.now() - t;
    if (steady.linksPolled !== n) throw new Error(`polled ${steady.linksPolled} of ${n}`);

    const cw = createCityworksClient({ baseUrl: emu.url, version: '15.8', loginName: 'api311', password: 'Springfield!311' });
    await cw.authenticate();
    t = performance.now();
    for (const id of requestIds) await cw.serviceRequests.byId(id);
    const naiveByIdMs = performance.now() - t;
    // Each cycle logs in once with a fresh client; the batched figure counts that call too.
    rows.push({ issues: n, calls: steady.remoteCalls, steadyMs, firstMs, naiveCalls: 3 * n, naiveByIdMs });
    console.log(`${n}: ${steady.remoteCalls} calls, ${steadyMs.toFixed(0)} ms (first cycle ${firstMs.toFixed(0)} ms); one-call-per-issue ${3 * n} calls, ById alone ${naiveByIdMs.toFixed(0)} ms`);
  } finally {
    await emu.close();
  }
}

console.log('\n| acknowledged issues | calls per cycle (batched) | one-call-per-issue calls | call ratio | cycle time (batched) | ById per issue alone (N calls) |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.issues.toLocaleString('en-US')} | ${r.calls} | ${r.naiveCalls.toLocaleString('en-US')} | ${(r.naiveCalls / r.calls).toFixed(0)}x | ${r.steadyMs.toFixed(0)} ms | ${r.naiveByIdMs.toFixed(0)} ms |`);
}
await db.$disconnect();
await pg.stop();
