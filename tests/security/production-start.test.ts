import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { freePort } from '../support/free-port';

/**
 * A real deployment must not come up on demo defaults: with NODE_ENV=production (or
 * CIVIC_BRIDGE_MODE=production) the start refuses without its secrets and an https site address,
 * and the demo organization with its published passwords is never seeded.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civic-bridge-prod-'));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const base: Record<string, string | undefined> = { ...process.env };
  // What an operator's shell would hold, not the test runner's own configuration.
  for (const k of ['NODE_ENV', 'DATABASE_URL', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'SECRETS_KEY', 'CIVIC_BRIDGE_MODE', 'OUTBOUND_ALLOW', 'ALLOW_HTTP_ENDPOINTS']) delete base[k];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...base, DATA_DIR: dataDir, ...env } as unknown as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  // A start that wrongly went ahead is stopped (SIGTERM stops everything run.ts started) and fails.
  const stop = setTimeout(() => child.kill('SIGTERM'), 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(stop);
      resolve({ code, output });
    }),
  );
}

describe('production start', () => {
  it('NODE_ENV=production refuses to start without its configuration, naming each missing part, before starting anything', async () => {
    const ports = { CITYWORKS_EMULATOR_PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) };
    const { code, output } = await run(['scripts/run.ts', 'start'], { NODE_ENV: 'production', NEXTAUTH_URL: 'http://civic.example.gov', ...ports });
    expect(code).toBe(1);
    expect(output).toContain('Refusing to start in production mode');
    for (const missing of ['DATABASE_URL', 'NEXTAUTH_SECRET', 'SECRETS_KEY', 'NEXTAUTH_URL: must be an https:// address']) expect(output).toContain(missing);
    // No embedded database, no generated secrets, no emulator state: nothing was started.
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('npm run start:production (CIVIC_BRIDGE_MODE=production) refuses the same way', async () => {
    const { code, output } = await run(['scripts/run.ts', 'start'], { CIVIC_BRIDGE_MODE: 'production', NEXTAUTH_SECRET: randomBytes(32).toString('base64') });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL/);
    expect(output).toMatch(/SECRETS_KEY/);
    expect(output).not.toMatch(/NEXTAUTH_SECRET:/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('a mistyped mode is refused rather than taken for the demo', async () => {
    const { code, output } = await run(['scripts/run.ts', 'start'], { CIVIC_BRIDGE_MODE: 'prod' });
    expect(code).toBe(1);
    expect(output).toContain('CIVIC_BRIDGE_MODE must be "demo" or "production"');
  });

  it('the web and worker processes refuse too when started on their own (lib/env)', async () => {
    const { code, output } = await run(['-e', "await import('./lib/env.ts')"], {
      NODE_ENV: 'production',
      DATABASE_URL: process.env.DATABASE_URL,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
    });
    expect(code).not.toBe(0);
    expect(output).toContain('NEXTAUTH_URL: the public https:// address');
  });

  it('never seeds the demo organization in production, even when everything is configured', async () => {
    const { code, output } = await run(['scripts/seed.ts'], {
      NODE_ENV: 'production',
      DATABASE_URL: process.env.DATABASE_URL,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
      NEXTAUTH_URL: 'https://civic.example.gov',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('never seeded in production mode');
    expect(await db.user.count({ where: { email: { endsWith: '@springfield.example' } } })).toBe(0);
    expect(await db.organization.count({ where: { slug: 'springfield' } })).toBe(0);
  });

  it('the demo (no NODE_ENV, or CIVIC_BRIDGE_MODE=demo) does seed it', async () => {
    const { code, output } = await run(['scripts/seed.ts'], {
      CIVIC_BRIDGE_MODE: 'demo',
      DATABASE_URL: process.env.DATABASE_URL,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
    });
    expect(output).toContain('seeded the demo organization');
    expect(code).toBe(0);
    expect(await db.organization.count({ where: { slug: 'springfield' } })).toBe(1);
    expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
  });
});
