/**
 * Drain rate of a backlog built up during an outage: N issues (default 10,000) are saved while the
 * integration is paused (each job runs once and leaves its submission held), then it is resumed
 * (`resumeIntegration` re-sends every held submission) and we time until every issue is
 * Acknowledged. The run then counts the emulator's records: exactly one per issue, or it fails.
 *   npx tsx bench/backlog-drain.ts [--issues 10000] [--latency 0] [--workers 0] [--limit 8] [--pg-port 54392] [--emulator-in-process]
 * --workers 0 runs the real handlers in this process (queries are counted); N > 0 spawns N worker
 * processes (workers/main.ts) on the same database instead. --latency adds that many ms to every
 * emulator call. Baselines in the same run: direct sequential creates against the emulator (what
 * one client can do with no database), and at latency L, the ceiling limit / L.
 * The emulator runs in a process of its own (bench/emulator-process.ts), as Cityworks runs on a
 * machine of its own; --emulator-in-process puts it back in this process's event loop, beside the
 * worker under test, for comparison with the figures measured that way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { startCityworksEmulator } from '@/emulators/cityworks/server';
import type { FaultRule } from '@/emulators/cityworks/types';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startEmulatorProcess, type BenchEmulator } from './emulator-process';
import { postmasterPid, sampleTreeCpu } from './process-cpu';
import { arg, benchDatabase, EMU_LOGIN, EMU_PASSWORD, report, seedWorld } from './submit-latency';

/** Every statement any pg client of this process sends (Prisma's adapter and pg-boss both use pg). */
function countQueries(): { readonly n: number } {
  const counter = { n: 0 };
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    counter.n++;
    return original.apply(this, a);
  };
  return counter;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
}

/** The in-process emulator behind the same interface as the separate one. */
function inProcess(emu: Awaited<ReturnType<typeof startCityworksEmulator>>): BenchEmulator {
  return {
    url: emu.url,
    setFault: async (rule: FaultRule) => emu.faults.set(rule),
    clearFaults: async () => emu.faults.clear(),
    resetPeak: async () => {
      emu.inFlight.peak = emu.inFlight.current;
    },
    stats: async () => {
      const recordsByOtherSystemId: Record<string, number> = {};
      for (const r of emu.state.requests) if (r.OtherSystemId) recordsByOtherSystemId[r.OtherSystemId] = (recordsByOtherSystemId[r.OtherSystemId] ?? 0) + 1;
      return { calls: emu.calls.length, peak: emu.inFlight.peak, recordsByOtherSystemId };
    },
    close: () => emu.close(),
  };
}

async function main() {
  const issues = arg('issues', 10_000);
  const latencyMs = arg('latency', 0);
  const workerCount = arg('workers', 0);
  const limit = arg('limit', 8);
  const queries = workerCount === 0 ? countQueries() : null;
  const pg0 = await benchDatabase('drain');
  const emu = process.argv.includes('--emulator-in-process') ? inProcess(await startCityworksEmulator()) : await startEmulatorProcess();
  const world = await seedWorld(emu);
  await world.db.integration.update({ where: { id: world.integrationId }, data: { settings: { maxConcurrentCalls: limit }, pausedAt: new Date() } });
  const { createBoss, ensureQueues } = await import('@/lib/jobs/boss');
  const { registerOutboundSync } = await import('@/workers/jobs/outbound-sync');
  const { createIssue } = await import('@/lib/crm/create-issue');
  const { resumeIntegration } = await import('@/lib/sync/outbox-sweep');
  const { createCityworksClient } = await import('@/lib/cityworks');
  const boss = createBoss(process.env.DATABASE_URL!, { max: 20 });
  boss.on('error', () => undefined);
  await boss.start();
  await ensureQueues(boss);
  const workers: ChildProcess[] = [];
  // A failed run must not leave worker processes polling a stopped database.
  process.on('exit', () => workers.forEach((w) => w.kill('SIGKILL')));
  const outbound = workerCount === 0 ? await registerOutboundSync(boss, world.db, { sweepCron: null }) : null;
  if (workerCount > 0) {
    for (let i = 0; i < workerCount; i++) {
      workers.push(spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], { env: process.env, stdio: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore' }));
    }
  }

  const tBuild = Date.now();
  // A few at a time: on a loaded machine more parallel transactions outwait Prisma's 5 s transaction timeout.
  await pool(issues, arg('build-concurrency', 4), (i) => createIssue(world.db, boss, { organizationId: world.organizationId, requestTypeId: world.requestTypeId, ...report(i) }));
  // Every job has run once and found the integration paused: held, no live job.
  await until(async () => (await world.db.submission.count({ where: { integrationId: world.integrationId, lastErrorClass: 'held' } })) === issues, 600_000, 'the backlog to be held');
  const liveJobs = async () =>
    (await world.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'submit-issue' AND state IN ('created','retry','active')`))[0]?.n ?? 0;
  await until(async () => (await liveJobs()) === 0, 60_000, 'the held jobs to complete');
  const buildS = (Date.now() - tBuild) / 1000;

  if (latencyMs > 0) await emu.setFault({ service: '*', kind: 'latency', latencyMs });
  const pgPid = postmasterPid(`.data/bench-pg-drain`);
  const cpu0 = { self: process.cpuUsage(), pg: sampleTreeCpu(pgPid), workers: workers.map((w) => sampleTreeCpu(w.pid!)) };
  // --profile FILE: a V8 CPU profile of this process over the drain alone (open it in Chrome DevTools).
  const profileFile = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : undefined;
  const inspector = profileFile ? new Session() : null;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const q0 = queries?.n ?? 0;
  const calls0 = (await emu.stats()).calls;
  await emu.resetPeak();
  // How long this process's event loop kept callbacks waiting (its own work queued behind itself).
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const t0 = Date.now();
  await resumeIntegration(world.db, boss, world.integrationId);
  await until(async () => (await world.db.issue.count({ where: { organizationId: world.organizationId, status: 'OPEN' } })) === 0, 1_800_000, 'the backlog to drain');
  const drainS = (Date.now() - t0) / 1000;
  eld.disable();
  const selfCpu = process.cpuUsage(cpu0.self);
  const cpu = {
    self: (selfCpu.user + selfCpu.system) / 1000,
    pg: cpu0.pg.stop(),
    workers: cpu0.workers.reduce((t, w) => t + w.stop(), 0),
  };
  if (inspector && profileFile) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    inspector.disconnect();
  }
  const q = (queries?.n ?? 0) - q0;
  const stats = await emu.stats();
  const peak = stats.peak;
  const drainCalls = stats.calls - calls0;

  // Exactly one remote record per issue.
  const numbers = (await world.db.issue.findMany({ where: { organizationId: world.organizationId }, select: { number: true } })).map((i) => String(i.number));
  const perIssue = stats.recordsByOtherSystemId;
  const missing = numbers.filter((n) => !perIssue[n]).length;
  const duplicated = numbers.filter((n) => (perIssue[n] ?? 0) > 1).length;
  const notSucceeded = await world.db.submission.count({ where: { integrationId: world.integrationId, state: { not: 'SUCCEEDED' } } });

  for (const w of workers) w.kill('SIGTERM');
  await emu.clearFaults();
  const cw = createCityworksClient({ baseUrl: emu.url, version: '15.8', loginName: EMU_LOGIN, password: EMU_PASSWORD });
  const baselineN = Math.min(issues, 2000);
  const tb = Date.now();
  for (let i = 0; i < baselineN; i++) await cw.serviceRequests.create({ problemSid: 101, details: 'baseline', x: -9979803, y: 4834270, otherSystemId: `b-${i}` });
  const baselineRate = baselineN / ((Date.now() - tb) / 1000);

  const rate = issues / drainS;
  const ceiling = latencyMs > 0 ? (limit * 1000) / latencyMs : null;
  const workersLabel = workerCount === 0 ? '1 (in process)' : String(workerCount);
  const perIssueCpu = (ms: number) => (ms / issues).toFixed(1);
  console.log(`\nBacklog of ${issues} issues held by a pause (${buildS.toFixed(0)} s to save and hold), then resumed; emulator latency ${latencyMs} ms, limit ${limit}, worker processes ${workersLabel}\n`);
  console.log('| backlog | latency | workers | drain time | issues/s | baseline: direct sequential creates/s | ratio to baseline | ceiling limit/latency | share of ceiling | peak concurrent calls | queries per issue | CPU ms per issue: bench process / workers / PostgreSQL | remote records: missing / duplicated | not SUCCEEDED |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|');
  console.log(
    `| ${issues} | ${latencyMs} ms | ${workersLabel} | ${drainS.toFixed(1)} s | ${rate.toFixed(0)} | ${baselineRate.toFixed(0)} | ${(rate / baselineRate).toFixed(2)} | ${ceiling === null ? '—' : ceiling.toFixed(0)} | ${ceiling === null ? '—' : `${((100 * rate) / ceiling).toFixed(0)}%`} | ${peak} | ${queries ? (q / issues).toFixed(1) : '—'} | ${perIssueCpu(cpu.self)} / ${workerCount === 0 ? '—' : perIssueCpu(cpu.workers)} / ${perIssueCpu(cpu.pg)} | ${missing} / ${duplicated} | ${notSucceeded} |`,
  );
  console.log(`\nemulator calls during the drain: ${drainCalls} (${(drainCalls / issues).toFixed(2)} per issue)`);
  console.log(`event loop delay of this process during the drain (1 ms timer resolution included): p50 ${(eld.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(eld.percentile(99) / 1e6).toFixed(1)} ms, max ${(eld.max / 1e6).toFixed(1)} ms`);
  await outbound?.stop(2000);
  await boss.stop({ graceful: false, timeout: 2000 });
  await outbound?.close();
  await emu.close();
  await world.db.$disconnect();
  await pg0.stop();
  const ok = missing === 0 && duplicated === 0 && notSucceeded === 0 && peak <= limit;
  console.log(ok ? 'drain: exactly one record per issue, limit respected' : 'drain: FAILED (records, submissions or concurrency limit)');
  if (!ok) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
