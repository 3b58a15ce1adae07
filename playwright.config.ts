import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
// A fresh database for every run: the config is evaluated in each worker too, so the directory is
// chosen once and handed down through the environment.
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'civic-bridge-e2e-'));
  chmodSync(process.env.E2E_DATA_DIR, 0o755);
}

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    // localhost, not 127.0.0.1: next-auth's cookies are issued for NEXTAUTH_URL's host.
    baseURL: `http://localhost:${PORT}`,
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
    trace: 'retain-on-failure',
    // Specs' direct API calls (page.request, request) stand in for the app's own pages, which send
    // their origin on every state-changing request; the API refuses those that do not
    // (lib/http/request-guard.ts). The browser's own requests carry the same value anyway.
    extraHTTPHeaders: { origin: `http://localhost:${PORT}` },
  },
  webServer: {
    command: 'node --import tsx scripts/run.ts start',
    env: {
      PORT: String(PORT),
      DATA_DIR: process.env.E2E_DATA_DIR,
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? '54341',
      CITYWORKS_EMULATOR_PORT: process.env.E2E_CITYWORKS_PORT ?? '18110',
      ARCGIS_EMULATOR_PORT: process.env.E2E_ARCGIS_PORT ?? '18120',
      DATABASE_URL: '',
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      NODE_ENV: 'production',
      // The demo, asked for by name (NODE_ENV=production alone means a real deployment).
      CIVIC_BRIDGE_MODE: 'demo',
      // Specs start their own emulators on loopback ports beside the demo's.
      OUTBOUND_ALLOW: '127.0.0.1/32',
    },
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
