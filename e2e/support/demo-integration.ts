import { expect, type APIRequestContext } from '@playwright/test';

/** The demo Cityworks emulator that `scripts/run.ts` starts for the e2e web server. */
export const DEMO_EMULATOR = `http://127.0.0.1:${process.env.E2E_CITYWORKS_PORT ?? 18110}`;
export const DEMO_CITYWORKS_STAFF = `${DEMO_EMULATOR}/cityworks/_staff`;

interface IntegrationView { id: string; connection: Record<string, unknown>; health: { authFailingSince: string | null } }

/**
 * Points the demo integration at the demo emulator with its seeded login, through the same API an
 * admin uses, and returns its id. Every spec that relies on the demo integration calls this first
 * (signed in as the manager): specs that ran before may have pointed it elsewhere, changed its
 * version or tripped its breaker, and each spec sets up what it needs.
 */
export async function pointAtDemoEmulator(api: APIRequestContext): Promise<string> {
  const view = (await (await api.get('/api/orgs/springfield/integrations')).json()) as IntegrationView;
  expect(view.id).toBeTruthy();
  expect((await api.post(`${DEMO_EMULATOR}/_emulator/version`, { data: { version: '15.8' } })).ok()).toBe(true);
  expect((await api.delete(`${DEMO_EMULATOR}/_emulator/faults`)).ok()).toBe(true);
  const connection = { ...view.connection, version: 'V15_8', deployment: 'ON_PREMISE', environment: 'TEST', srid: 3857 };
  expect((await api.put('/api/orgs/springfield/integrations/connection', { data: connection })).status()).toBe(200);
  const credentials = { environment: 'TEST', endpointUrl: `${DEMO_EMULATOR}/cityworks`, loginName: 'api311', password: 'Springfield!311' };
  expect((await api.put('/api/orgs/springfield/integrations/credentials', { data: credentials })).status()).toBe(200);
  // A successful test of the active environment also closes an open circuit breaker.
  expect((await api.post('/api/orgs/springfield/integrations/test-connection', { data: { environment: 'TEST' } })).status()).toBe(200);
  await expect
    .poll(async () => ((await (await api.get('/api/orgs/springfield/integrations')).json()) as IntegrationView).health.authFailingSince)
    .toBeNull();
  return view.id;
}

export async function syncNow(api: APIRequestContext, integrationId: string, stream: string): Promise<void> {
  expect((await api.post(`/api/orgs/springfield/integrations/${integrationId}/sync`, { data: { stream } })).status()).toBe(202);
}
