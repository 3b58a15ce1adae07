/**
 * How fast reports are taken: the public report endpoint (multipart, as the web form sends it)
 * and the Open311 POST (form-encoded), each one report saved with its submission and job in one
 * transaction (durable enqueue), beside the same run's bare `GET /api/health` as the baseline. The
 * load generator keeps a fixed number of requests in flight (--concurrency) for a fixed count
 * (--requests), on the loopback only. The report rate limit is raised by configuration
 * (REPORTS_PER_WINDOW) for the run; the limiter still runs on every report.
 *   npx tsx bench/create-api.ts [--requests 3000] [--concurrency 16] [--port 3160] [--pg-port 54394]
 * The routes are served by bench/create-api-server.ts (the app's handlers on node:http, no Next),
 * in their own process, with no worker: the jobs wait in the queue, as they would in a storm.
 * Each row also gives the CPU per request of the server, PostgreSQL and this load generator.
 * BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" profiles the server; BENCH_PG_STATS=1
 * loads pg_stat_statements (with planning time) and prints PostgreSQL's top statements.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { postmasterPid, sampleTreeCpu } from './process-cpu';
import { arg, benchDatabase, percentile } from './submit-latency';

interface Phase {
  name: string;
  make: (i: number) => { method: string; path: string; body?: { type: string; bytes: Buffer } };
  accepted: number;
}

// The bodies are the bytes a browser's FormData and a GeoReport client send, built before the clock
// starts: the load generator shares the machine's two cores with what it measures, and undici's
// fetch with a FormData cost it about 0.8 ms of CPU per request, node:http with ready bytes less.
const BOUNDARY = '----civicbridgebench7MA4YWxkTrZu0gW';

function multipart(fields: Record<string, string>): { type: string; bytes: Buffer } {
  const parts = Object.entries(fields).map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { type: `multipart/form-data; boundary=${BOUNDARY}`, bytes: Buffer.from(`${parts.join('')}--${BOUNDARY}--\r\n`) };
}

function formEncoded(fields: Record<string, string>): { type: string; bytes: Buffer } {
  return { type: 'application/x-www-form-urlencoded', bytes: Buffer.from(new URLSearchParams(fields).toString()) };
}

/** One request on a kept-alive connection; resolves with the status once the whole answer is read. */
function send(agent: Agent, base: URL, method: string, path: string, headers: Record<string, string>, body?: { type: string; bytes: Buffer }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, method, path, headers: body ? { ...headers, 'content-type': body.type, 'content-length': String(body.bytes.length) } : headers },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body?.bytes);
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function load(base: string, phase: Phase, requests: number, concurrency: number, cpu: { server: number; pg: number }) {
  const latencies: number[] = [];
  // CPU per request of the server process, of PostgreSQL (postmaster and backends) and of this load generator.
  const serverCpu = sampleTreeCpu(cpu.server, 500);
  const pgCpu = sampleTreeCpu(cpu.pg, 500);
  const selfCpu = process.cpuUsage();
  const statuses = new Map<number, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(base);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const r = phase.make(i);
        const t = performance.now();
        const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
        const status = await send(agent, url, r.method, r.path, { 'x-forwarded-for': address, origin: base }, r.body);
        latencies.push(performance.now() - t);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const selfUsed = process.cpuUsage(selfCpu);
  const cpuMs = { server: serverCpu.stop() / requests, pg: pgCpu.stop() / requests, client: (selfUsed.user + selfUsed.system) / 1000 / requests };
  latencies.sort((a, b) => a - b);
  const ok = statuses.get(phase.accepted) ?? 0;
  return { name: phase.name, rate: ok / seconds, ok, statuses, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) ?? NaN, cpuMs };
}

async function main() {
  const requests = arg('requests', 3000);
  const concurrency = arg('concurrency', 16);
  const port = arg('port', 3160);
  // Raised for the run, not removed: the limiter still counts every report. The load comes from many
  // addresses (x-forwarded-for, a few reports each), as a storm of citizens would: one address with
  // tens of thousands of hits in its window would measure the window scan, not the route.
  process.env.REPORTS_PER_WINDOW = '1000';
  process.env.REPORTS_PER_ORGANIZATION_PER_HOUR = String(10 * requests);
  // The load generator plays a reverse proxy on loopback that names each citizen in X-Forwarded-For.
  process.env.TRUSTED_PROXIES = '127.0.0.1/32';
  const pg = await benchDatabase('create-api');
  const { db } = await import('@/lib/db');
  // The queues exist before the first report (the worker process creates them in production).
  const { createBoss, ensureQueues } = await import('@/lib/jobs/boss');
  const boss = createBoss(process.env.DATABASE_URL!, { max: 2 });
  boss.on('error', () => undefined);
  await boss.start();
  await ensureQueues(boss);
  if (process.env.BENCH_PG_STATS) {
    await db.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.$queryRawUnsafe('SELECT pg_stat_statements_reset()');
  }
  await boss.stop({ graceful: false, timeout: 2000 });
  const org = await db.organization.create({ data: { slug: `bench-${Date.now()}`, title: 'City of Springfield' } });
  // Enabled, pointed at nothing: no worker runs here; the jobs only have to be committed.
  const integration = await db.integration.create({
    data: { organizationId: org.id, version: 'V15_8', mode: 'SERVICE_REQUESTS', testEndpointUrl: 'http://127.0.0.1:9/cityworks', testLoginName: 'api', srid: 3857 },
  });
  const square = { type: 'MultiPolygon', coordinates: [[[[-89.7, 39.7], [-89.6, 39.7], [-89.6, 39.8], [-89.7, 39.8], [-89.7, 39.7]]]] };
  const agency = await db.agency.create({ data: { organizationId: org.id, name: 'Public Works', geography: square, bbox: [-89.7, 39.7, -89.6, 39.8], geographyUpdatedAt: new Date() } });
  const rt = await db.requestType.create({
    data: { organizationId: org.id, agencyId: agency.id, integrationId: integration.id, remoteKind: 'SERVICE_REQUEST', remoteCode: '101', name: 'Pothole' },
  });

  const server = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'bench/create-api-server.ts'], { env: { ...process.env, PORT: String(port), NODE_ENV: 'production', CIVIC_BRIDGE_MODE: 'demo' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${base}/api/health`, 60_000);
    const point = (i: number) => ({ lat: 39.75 + (i % 100) * 1e-4, lng: -89.65 });
    const phases: Phase[] = [
      { name: 'GET /api/health (baseline)', accepted: 200, make: () => ({ method: 'GET', path: '/api/health' }) },
      {
        name: 'POST /api/public/orgs/{org}/issues (multipart)',
        accepted: 201,
        make: (i) => {
          const { lat, lng } = point(i);
          const body = multipart({ report: JSON.stringify({ requestTypeId: rt.id, lat, lng, summary: `Pothole ${i}`, description: 'Deep', address: `${i} Main St`, reporterName: 'Bench', reporterEmail: '' }) });
          return { method: 'POST', path: `/api/public/orgs/${org.slug}/issues`, body };
        },
      },
      {
        name: 'POST /open311/v2/{org}/requests.json (form)',
        accepted: 201,
        make: (i) => {
          const { lat, lng } = point(i);
          return { method: 'POST', path: `/open311/v2/${org.slug}/requests.json`, body: formEncoded({ service_code: rt.id, lat: String(lat), long: String(lng), description: `Pothole ${i}`, first_name: 'Bench' }) };
        },
      },
    ];
    // Warm-up (JIT, connection pools, the point index), left out of the figures.
    const cpu = { server: server.pid!, pg: postmasterPid('.data/bench-pg-create-api') };
    for (const p of phases) await load(base, p, 200, concurrency, cpu);
    const issuesBefore = await db.issue.count({ where: { organizationId: org.id } });
    const rows = [];
    for (const p of phases) rows.push(await load(base, p, requests, concurrency, cpu));
    const saved = (await db.issue.count({ where: { organizationId: org.id } })) - issuesBefore;
    const withJob = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "Submission" s WHERE s."integrationId" = $1 AND EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = 'submit-issue' AND j.data->>'submissionId' = s.id)`,
      integration.id,
    );
    if (process.env.BENCH_PG_STATS) {
      const top = await db.$queryRawUnsafe<{ calls: number; ms: number; plan: number; q: string }[]>(`SELECT calls::int, round((total_exec_time + total_plan_time)::numeric, 1)::float8 AS ms, round(total_plan_time::numeric, 1)::float8 AS plan, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS q FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 25`);
      for (const t of top) console.log(`${t.ms} ms (planning ${t.plan} ms)  ${t.calls} calls  ${t.q}`);
    }
    const baseline = rows[0]!;
    console.log(`\nReports taken over HTTP, ${requests} requests per endpoint, ${concurrency} in flight, loopback; no worker running (jobs wait in the queue)\n`);
    console.log('| endpoint | accepted/s | p50 | p95 | max | statuses | rate vs health | p95 vs health | CPU ms/request: server, PostgreSQL, load generator |');
    console.log('|---|---:|---:|---:|---:|---|---:|---:|---|');
    for (const r of rows) {
      const statuses = [...r.statuses].map(([s, n]) => `${s}: ${n}`).join(', ');
      console.log(`| ${r.name} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.max.toFixed(0)} ms | ${statuses} | ${(r.rate / baseline.rate).toFixed(2)} | ${(r.p95 / baseline.p95).toFixed(1)}x | ${r.cpuMs.server.toFixed(2)}, ${r.cpuMs.pg.toFixed(2)}, ${r.cpuMs.client.toFixed(2)} |`);
    }
    console.log(`\nissues saved in the measured phases: ${saved}; submissions with their job committed (whole run, warm-up included): ${withJob[0]?.n ?? 0}`);
  } finally {
    server.kill('SIGTERM');
    await db.$disconnect();
    await pg.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
