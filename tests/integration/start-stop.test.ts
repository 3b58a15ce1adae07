import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

/**
 * `npm start` as a user runs it: a real embedded PostgreSQL, the built web app and the worker.
 * Every process it starts inherits RUN_MARKER, so /proc tells whether any outlives a stop.
 */
const root = path.resolve(import.meta.dirname, '../..');
const marker = `CB_TEST_RUN=${randomBytes(6).toString('hex')}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civic-bridge-start-'));
chmodSync(dataDir, 0o755);

function processesWithMarker(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      /* exited meanwhile, or not ours to read */
    }
  }
  return pids;
}

function withoutNodeEnv(e: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const rest: Record<string, string | undefined> = { ...e };
  for (const k of ['NODE_ENV', 'OUTBOUND_ALLOW', 'ALLOW_HTTP_ENDPOINTS']) delete rest[k];
  return rest;
}

interface Run { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function start(env: Record<string, string>): Run {
  const [k, v] = marker.split('=') as [string, string];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/run.ts', 'start'], {
    cwd: root,
    // As on a fresh machine: no NODE_ENV (the test runner's own is dropped), so `npm start` is the demo.
    env: { ...withoutNodeEnv(process.env), ...env, [k]: v, DATABASE_URL: '', DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

afterAll(() => {
  for (const pid of processesWithMarker()) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves the login page and health, and SIGTERM leaves no process behind; a killed run is recovered', { timeout: 420_000 }, async () => {
    const env = {
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      CITYWORKS_EMULATOR_PORT: String(await freePort()),
      ARCGIS_EMULATOR_PORT: String(await freePort()),
    };
    const first = start(env);
    await waitFor(() => /ready: http:\/\/localhost:\d+/.test(first.output()) || (first.child.exitCode !== null && Promise.reject(new Error(first.output()))), 300_000, 200);
    expect(first.output()).toContain('admin@springfield.example / springfield-admin');

    const health = (await (await fetch(`http://localhost:${env.PORT}/api/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const login = await fetch(`http://localhost:${env.PORT}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Sign in');
    expect(processesWithMarker().length).toBeGreaterThanOrEqual(3); // run.ts, web, worker, postgres...

    // SIGKILL leaves web, worker and PostgreSQL orphaned; the next start must clean them up.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(processesWithMarker().length).toBeGreaterThan(0);

    const second = start(env);
    await waitFor(() => /ready: http:\/\/localhost:\d+/.test(second.output()) || (second.child.exitCode !== null && Promise.reject(new Error(second.output()))), 120_000, 200);
    expect(second.output()).toMatch(/left running by an earlier run/);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await waitFor(() => processesWithMarker().length === 0, 15_000);
  });
});
