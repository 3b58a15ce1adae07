/**
 * Chaos run: N issues (default 1,000) submitted by separate worker processes that are SIGKILLed
 * at random, while the emulator injects 5xx, hangs (timeouts) and lost responses. Passes only
 * with exactly N remote records, no duplicate, none missing, every issue Acknowledged.
 *   npm run chaos -- [--issues 1000] [--workers 2] [--deadline-s 540]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { startCityworksEmulator } from '@/emulators/cityworks/server';
import { arg, benchDatabase, report, seedWorld } from './submit-latency';

const FAULTS = ['http500', 'http503', 'hang', 'lost-response', 'html-error', 'truncated'] as const;
const SERVICES = ['ServiceRequest/Create', 'ServiceRequest/ByOtherSystemId', '*'];

async function main() {
  const issues = arg('issues', 1000);
  const workerCount = arg('workers', 2);
  const deadlineS = arg('deadline-s', 540);
  const pg = await benchDatabase('chaos');
  const emu = await startCityworksEmulator();
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
  let injected = 0;
  const faultLoop = (async () => {
    while (!stop) {
      const kind = FAULTS[Math.floor(Math.random() * FAULTS.length)]!;
      const service = SERVICES[Math.floor(Math.random() * SERVICES.length)]!;
      // A few faults pending at a time: calls mostly fail now and then, not always.
      if (emu.faults.list().length < 2) {
        emu.faults.set({ service, kind, times: 1 });
        injected++;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  const killLoop = (async () => {
    while (!stop) {
      await new Promise((r) => setTimeout(r, 6000 + Math.random() * 6000));
      const list = [...workers];
      const victim = list[Math.floor(Math.random() * list.length)];
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
  await Promise.all([faultLoop, killLoop]);
  for (const w of workers) w.kill('SIGKILL');
  const elapsed = (Date.now() - t0) / 1000;

  const numbers = (await world.db.issue.findMany({ where: { organizationId: world.organizationId }, select: { number: true } })).map((i) => String(i.number));
  const ours = new Set(numbers);
  const remote = emu.state.requests.filter((r) => ours.has(r.OtherSystemId)).map((r) => r.OtherSystemId);
  const duplicates = remote.length - new Set(remote).size;
  const missing = numbers.filter((n) => !remote.includes(n)).length;
  const dead = await world.db.submission.count({ where: { integrationId: world.integrationId, state: 'DEAD' } });
  const calls = emu.calls.length;
  console.log('\n| issues | worker kills | faults injected | remote records | duplicates | missing | not acknowledged | dead | calls | time |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${issues} | ${kills} | ${injected} | ${remote.length} | ${duplicates} | ${missing} | ${open} | ${dead} | ${calls} | ${elapsed.toFixed(0)} s |`);
  const ok = remote.length === issues && duplicates === 0 && missing === 0 && open === 0;
  console.log(ok ? '\nPASS: exactly one remote record per issue, every issue Acknowledged' : '\nFAIL');
  await boss.stop({ graceful: false, timeout: 2000 });
  await emu.close();
  await world.db.$disconnect();
  await pg.stop();
  process.exit(ok ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
