/**
 * Chaos run: N issues (default 1,000) submitted by separate worker processes that are SIGKILLed
 * at random, while the emulator injects 5xx, hangs (timeouts) and lost responses. Passes only
 * with exactly N remote records, no duplicate, none missing, every issue Acknowledged.
 *   npm run chaos -- [--issues 1000] [--workers 2] [--deadline-s 540] [--seed 1]
 *                    [--fault-rate 0.15] [--kill-min-s 5] [--kill-max-s 20]
 * Faults hit a share of the calls (--fault-rate, spread evenly over the fault kinds), whatever the
 * call rate, so a quiet spell does not turn every retry into a failure. A worker is killed every
 * kill-min..kill-max seconds and a new one started. --seed draws the fault draws and the kill
 * delays and victims (which call a draw lands on still depends on timing). Prints
 * `chaos: 1 passed, 0 failed` (or `0 passed, 1 failed`) last and exits non-zero on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { startCityworksEmulator } from '@/emulators/cityworks/server';
import { arg, benchDatabase, report, seedWorld } from './submit-latency';

const FAULTS = ['http500', 'http503', 'hang', 'lost-response', 'html-error', 'truncated'] as const;

/** mulberry32: a small seeded PRNG, so a failing schedule can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function runOnce(seed: number): Promise<boolean> {
  const issues = arg('issues', 1000);
  const workerCount = arg('workers', 2);
  const deadlineS = arg('deadline-s', 540);
  const faultRate = arg('fault-rate', 0.15);
  const killMinS = arg('kill-min-s', 5);
  const killMaxS = arg('kill-max-s', 20);
  const killRandom = seededRandom(seed ^ 0x9e3779b9);
  console.log(`[chaos] seed ${seed}, ${issues} issues, ${workerCount} workers, faults on ${(faultRate * 100).toFixed(0)}% of calls, a kill every ${killMinS}-${killMaxS} s, deadline ${deadlineS} s`);
  const pg = await benchDatabase('chaos');
  const emu = await startCityworksEmulator({ faultRandom: seededRandom(seed) });
  // Rules are tried in turn, each with its own draw: p per kind gives 1 - (1 - p)^k of the calls.
  const perKind = 1 - Math.pow(1 - faultRate, 1 / FAULTS.length);
  for (const kind of FAULTS) emu.faults.set({ service: '*', kind, probability: perKind });
  const world = await seedWorld(emu);
  const { createBoss, ensureQueues } = await import('@/lib/jobs/boss');
  const { createIssue } = await import('@/lib/crm/create-issue');
  const boss = createBoss(process.env.DATABASE_URL!);
  boss.on('error', () => undefined);
  await boss.start();
  await ensureQueues(boss);

  const workers = new Set<ChildProcess>();
  let kills = 0;
  const spawnWorker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], { env: process.env, stdio: process.env.CHAOS_VERBOSE ? 'inherit' : 'ignore' });
    workers.add(child);
    child.on('exit', () => workers.delete(child));
  };
  for (let i = 0; i < workerCount; i++) spawnWorker();

  let stop = false;
  const killLoop = (async () => {
    while (!stop) {
      await new Promise((r) => setTimeout(r, (killMinS + killRandom() * (killMaxS - killMinS)) * 1000));
      const list = [...workers];
      const victim = list[Math.floor(killRandom() * list.length)];
      if (victim?.pid && !stop) {
        victim.kill('SIGKILL');
        kills++;
        spawnWorker();
      }
    }
  })();

  const t0 = Date.now();
  for (let i = 0; i < issues; i++) await createIssue(world.db, boss, { organizationId: world.organizationId, requestTypeId: world.requestTypeId, ...report(i) });
  console.log(`[chaos] ${issues} issues created in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  let open = issues;
  while (Date.now() - t0 < deadlineS * 1000) {
    open = await world.db.issue.count({ where: { organizationId: world.organizationId, status: { not: 'ACKNOWLEDGED' } } });
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  stop = true;
  void killLoop; // it checks `stop` before killing; its pending delay must not hold the report back
  for (const w of workers) w.kill('SIGKILL');
  const elapsed = (Date.now() - t0) / 1000;

  const numbers = (await world.db.issue.findMany({ where: { organizationId: world.organizationId }, select: { number: true } })).map((i) => String(i.number));
  const ours = new Set(numbers);
  const remote = emu.state.requests.filter((r) => ours.has(r.OtherSystemId)).map((r) => r.OtherSystemId);
  const duplicates = remote.length - new Set(remote).size;
  const missing = numbers.filter((n) => !remote.includes(n)).length;
  const dead = await world.db.submission.count({ where: { integrationId: world.integrationId, state: 'DEAD' } });
  const calls = emu.calls.length;
  const injected = emu.calls.filter((c) => c.fault).length;
  console.log('\n| issues | worker kills | faults injected | remote records | duplicates | missing | not acknowledged | dead | calls | time |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${issues} | ${kills} | ${injected} | ${remote.length} | ${duplicates} | ${missing} | ${open} | ${dead} | ${calls} | ${elapsed.toFixed(0)} s |`);
  // A failing run says why each dead or unacknowledged submission stopped, to replay it with its seed.
  const stuck = await world.db.submission.findMany({
    where: { integrationId: world.integrationId, state: { not: 'SUCCEEDED' } },
    select: { state: true, attempts: true, lastErrorClass: true, lastError: true, issue: { select: { number: true } } },
  });
  for (const s of stuck) console.log(`[chaos] issue ${s.issue.number}: ${s.state} after ${s.attempts} attempts, ${s.lastErrorClass ?? '-'}: ${(s.lastError ?? '').slice(0, 200)}`);
  const ok = remote.length === issues && duplicates === 0 && missing === 0 && open === 0;
  console.log(ok ? `\nPASS (seed ${seed}): exactly one remote record per issue, every issue Acknowledged` : `\nFAIL (seed ${seed}); replay with --seed ${seed}`);
  await boss.stop({ graceful: false, timeout: 2000 });
  await emu.close();
  await world.db.$disconnect();
  await pg.stop();
  return ok;
}

async function main() {
  const seed = arg('seed', 1);
  let ok = false;
  try {
    ok = await runOnce(seed);
  } catch (err) {
    console.error(err);
  }
  console.log(`chaos: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
  process.exit(ok ? 0 : 1);
}

await main();
