/**
 * Drain rate of a backlog built up during an outage: N issues (default 10,000) are saved while the
 * integration is paused (their submissions held), then it is resumed and we time until every
 * issue is Acknowledged. Baseline in the same run: the same number of direct client creates,
 * sequential, from one session (what one connection to the emulator can do at best).
 *   npx tsx bench/backlog-drain.ts [--issues 10000]
 */
import { startCityworksEmulator } from '@/emulators/cityworks/server';
import { arg, benchDatabase, EMU_LOGIN, EMU_PASSWORD, report, seedWorld } from './submit-latency';

async function main() {
  const issues = arg('issues', 10_000);
  const pg = await benchDatabase('drain');
  const emu = await startCityworksEmulator();
  const world = await seedWorld(emu);
  const { createBoss, ensureQueues } = await import('@/lib/jobs/boss');
  const { registerOutboundSync } = await import('@/workers/jobs/outbound-sync');
  const { createIssue } = await import('@/lib/crm/create-issue');
  const { resumeIntegration } = await import('@/lib/sync/outbox-sweep');
  const { createCityworksClient } = await import('@/lib/cityworks');
  const boss = createBoss(process.env.DATABASE_URL!, { max: 20 });
  boss.on('error', () => undefined);
  await boss.start();
  await ensureQueues(boss);
  await world.db.integration.update({ where: { id: world.integrationId }, data: { pausedAt: new Date() } });
  await registerOutboundSync(boss, world.db, { sweepCron: null });

  const tBuild = Date.now();
  for (let i = 0; i < issues; i++) await createIssue(world.db, boss, { organizationId: world.organizationId, requestTypeId: world.requestTypeId, ...report(i) });
  // Wait until every job has run once and found the integration paused (held, no live job).
  for (;;) {
    const live = await world.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'submit-issue' AND state IN ('created','retry','active')`);
    if ((live[0]?.n ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const buildS = (Date.now() - tBuild) / 1000;

  const t0 = Date.now();
  await resumeIntegration(world.db, boss, world.integrationId);
  for (;;) {
    const open = await world.db.issue.count({ where: { organizationId: world.organizationId, status: 'OPEN' } });
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const drainS = (Date.now() - t0) / 1000;

  const cw = createCityworksClient({ baseUrl: emu.url, version: '15.8', loginName: EMU_LOGIN, password: EMU_PASSWORD });
  const tb = Date.now();
  const baselineN = Math.min(issues, 2000);
  for (let i = 0; i < baselineN; i++) await cw.serviceRequests.create({ problemSid: 101, details: 'baseline', x: -9979803, y: 4834270, otherSystemId: `b-${i}` });
  const baselineRate = baselineN / ((Date.now() - tb) / 1000);

  console.log(`\nBacklog of ${issues} issues built during an outage (${buildS.toFixed(0)} s to save and hold), then resumed\n`);
  console.log('| backlog | drain time | issues/s | baseline: direct sequential creates/s |');
  console.log('|---:|---:|---:|---:|');
  console.log(`| ${issues} | ${drainS.toFixed(1)} s | ${(issues / drainS).toFixed(0)} | ${baselineRate.toFixed(0)} |`);
  await boss.stop({ graceful: false, timeout: 2000 });
  await emu.close();
  await world.db.$disconnect();
  await pg.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
