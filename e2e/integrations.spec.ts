import net from 'node:net';
import { expect, test, type Page, type Response } from '@playwright/test';
import { startCityworksEmulator, type CityworksEmulator } from '../emulators/cityworks/server';
import { DEMO, signIn } from './support/login';

const PAGE = '/admin/springfield/integrations';
const PASSWORD = 'Springfield!311';

let emu: CityworksEmulator;
test.beforeAll(async () => { emu = await startCityworksEmulator({ port: 0, version: '15.8' }); });
test.afterAll(async () => { await emu.close(); });
test.beforeEach(() => { emu.faults.clear(); });

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Every HTML and JSON body the browser receives, for the "never shows the password" check. */
function recordBodies(page: Page): () => Promise<string[]> {
  const pending: Promise<string>[] = [];
  page.on('response', (res: Response) => {
    const type = res.headers()['content-type'] ?? '';
    if (type.includes('html') || type.includes('json') || type.includes('x-component')) pending.push(res.text().catch(() => ''));
  });
  return () => Promise.all(pending);
}

async function saveTestCredentials(page: Page, creds: { url: string; user: string; password?: string }) {
  const form = page.getByRole('form', { name: 'Test credentials' });
  await form.getByLabel('Test endpoint URL').fill(creds.url);
  await form.getByLabel('Test user').fill(creds.user);
  if (creds.password !== undefined) {
    const replace = form.getByRole('button', { name: 'Replace test password' });
    if (await replace.isVisible()) await replace.click();
    await form.getByLabel('Test password').fill(creds.password);
  }
  await form.getByRole('button', { name: 'Save test credentials' }).click();
  await expect(form.getByRole('status')).toHaveText('Test credentials saved.');
}

async function runTest(page: Page) {
  await page.getByLabel('Environment to test').selectOption('TEST');
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('test-result');
  await expect(result).toBeVisible();
  return result;
}

test.describe('customer admin', () => {
  test('enters credentials, tests the connection, and the password never comes back', async ({ page }) => {
    const bodies = recordBodies(page);
    await signIn(page, DEMO.admin);
    await page.goto(PAGE);
    await saveTestCredentials(page, { url: emu.url, user: 'api311', password: PASSWORD });
    await expect(page.getByTestId('password-state-TEST')).toContainText('Password set');
    await expect(page.getByLabel('Test password')).toHaveCount(0);

    const result = await runTest(page);
    await expect(result).toHaveAttribute('data-outcome', 'success');
    await expect(result.getByRole('heading')).toHaveText('Connected to Cityworks');
    await expect(result.getByTestId('server-version')).toHaveText('15.8.3.0');
    await expect(result.getByTestId('site-wkid')).toHaveText('3857');

    // A reload fetches the page and the view again: still only "set".
    await page.reload();
    await expect(page.getByTestId('password-state-TEST')).toContainText('Password set');
    await expect(page.getByTestId('integration-audit')).toContainText('Connection tested');
    await expect(page.getByTestId('integration-audit')).toContainText('password: replaced');

    const all = await bodies();
    expect(all.length).toBeGreaterThan(5);
    for (const body of all) expect(body).not.toContain(PASSWORD);
  });

  test('each failure class says what to do', async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.goto(PAGE);

    await saveTestCredentials(page, { url: emu.url, user: 'api311', password: 'wrong-password' });
    let result = await runTest(page);
    await expect(result).toHaveAttribute('data-outcome', 'wrong-credentials');
    await expect(result).toContainText('domain/username');

    await saveTestCredentials(page, { url: emu.url, user: 'viewer', password: 'viewer' });
    result = await runTest(page);
    await expect(result).toHaveAttribute('data-outcome', 'permission');
    await expect(result).toContainText('lacks permission');

    await saveTestCredentials(page, { url: emu.url, user: 'api311', password: PASSWORD });
    emu.faults.set({ service: '*', kind: 'html-login' });
    result = await runTest(page);
    await expect(result).toHaveAttribute('data-outcome', 'not-cityworks');
    await expect(result).toContainText('sign-in page');
    emu.faults.clear();

    // A changed URL clears the stored password (it is bound to its endpoint): type it again each time.
    await saveTestCredentials(page, { url: `http://127.0.0.1:${await closedPort()}/cityworks`, user: 'api311', password: PASSWORD });
    result = await runTest(page);
    await expect(result).toHaveAttribute('data-outcome', 'unreachable');
    await expect(result).toContainText('firewall');

    await saveTestCredentials(page, { url: emu.url.replace('http://', 'https://'), user: 'api311', password: PASSWORD });
    result = await runTest(page);
    await expect(result).toHaveAttribute('data-outcome', 'tls');
    await expect(result).toContainText('certificate');

    await saveTestCredentials(page, { url: emu.url, user: 'api311', password: PASSWORD });
    result = await runTest(page);
    await expect(result).toHaveAttribute('data-outcome', 'success');
  });

  test('changing the endpoint clears the stored password, and the page says so before and after', async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.goto(PAGE);
    await saveTestCredentials(page, { url: emu.url, user: 'api311', password: PASSWORD });
    await expect(page.getByTestId('password-state-TEST')).toContainText('Password set');
    const form = page.getByRole('form', { name: 'Test credentials' });
    const elsewhere = await startCityworksEmulator({ port: 0, version: '15.8' });
    try {
      await form.getByLabel('Test endpoint URL').fill(elsewhere.url);
      await expect(page.getByTestId('password-rebind-TEST')).toContainText('clears the stored password');
      await expect(form.getByLabel('Test password')).toBeVisible();
      await form.getByRole('button', { name: 'Save test credentials' }).click();
      await expect(form.getByRole('status')).toContainText('The stored password was cleared');
      await expect(page.getByTestId('password-state-TEST')).toHaveText('No password set.');

      const result = await runTest(page);
      await expect(result).toHaveAttribute('data-outcome', 'incomplete');
      await expect(result).toContainText('password');
      // The new endpoint never heard from us, let alone the password.
      expect(elsewhere.calls).toHaveLength(0);
      await expect(page.getByTestId('integration-audit')).toContainText('password: cleared');
    } finally {
      await elsewhere.close();
    }
  });

  test('cannot change the connection or settings', async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.goto(PAGE);
    await expect(page.getByRole('button', { name: 'Save connection' })).toHaveCount(0);
    await expect(page.getByLabel('SRID')).toBeDisabled();
    const res = await page.request.put('/api/orgs/springfield/integrations/settings', { data: {} });
    expect(res.status()).toBe(403);
  });
});

test.describe('implementation manager', () => {
  test('SRID rules, saving settings with a live preview, and the audit', async ({ page }) => {
    await signIn(page, DEMO.manager);
    await page.goto(PAGE);
    const conn = page.getByRole('form', { name: 'Connection' });
    await conn.getByLabel('Cityworks version').selectOption('V15_8');
    await expect(conn.getByText('Cityworks 15.8 requires Web Mercator')).toBeVisible();
    await conn.getByLabel('SRID').fill('2249');
    await conn.getByRole('button', { name: 'Save connection' }).click();
    await expect(conn.getByText('Cityworks 15.8 requires Web Mercator').first()).toBeVisible();
    await expect(conn.getByLabel('SRID')).toHaveAttribute('aria-invalid', 'true');

    await conn.getByLabel('Cityworks version').selectOption('V15_0');
    await conn.getByLabel('SRID').fill('999999');
    await expect(conn.getByText('SRID 999999 is neither an EPSG code nor an Esri WKID we know.')).toBeVisible();
    await conn.getByLabel('SRID').fill('2249');
    await expect(conn.getByText(/Massachusetts/)).toBeVisible();
    await conn.getByRole('button', { name: 'Save connection' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Connection saved.' })).toBeVisible();

    const settings = page.getByRole('form', { name: 'Settings' });
    await settings.getByLabel('Acknowledgment message').fill('Thanks! Your {remoteKind} is #{remoteId}.');
    await expect(settings.getByText('Thanks! Your Service Request is #10004.')).toBeVisible();
    await settings.getByLabel('Image URL field').selectOption('Text7');
    await settings.getByLabel('Poll interval (seconds)').fill('5');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByText('Too small: expected number to be >=15').or(settings.getByText(/>=15/))).toBeVisible();
    await settings.getByLabel('Poll interval (seconds)').fill('120');
    await settings.getByLabel('Calls to Cityworks at once').fill('21');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByText(/<=20/)).toBeVisible();
    await settings.getByLabel('Calls to Cityworks at once').fill('6');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    await page.reload();
    await expect(page.getByLabel('Poll interval (seconds)')).toHaveValue('120');
    await expect(page.getByLabel('Calls to Cityworks at once')).toHaveValue('6');
    await expect(page.getByLabel('SRID')).toHaveValue('2249');
    const audit = page.getByTestId('integration-audit');
    await expect(audit).toContainText('Settings changed');
    await expect(audit).toContainText('schedules.pollIntervalSeconds: 60 → 120');
    await expect(audit).toContainText('maxConcurrentCalls: 4 → 6');
    await expect(audit).toContainText('srid: 3857 → 2249');
    await expect(audit).toContainText(DEMO.manager.email);
  });
});

test.describe('staff', () => {
  test('reads the settings without secrets and cannot change or test anything', async ({ page }) => {
    const bodies = recordBodies(page);
    await signIn(page, DEMO.staff);
    await page.goto(PAGE);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Integrations: Cityworks');
    await expect(page.getByLabel('Test user')).toBeDisabled();
    await expect(page.getByRole('button', { name: /^Save/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Test connection' })).toHaveCount(0);
    await expect(page.getByTestId('integration-audit')).toHaveCount(0);
    expect((await page.request.put('/api/orgs/springfield/integrations/credentials', { data: { environment: 'TEST', endpointUrl: emu.url, loginName: 'x', password: 'y' } })).status()).toBe(403);
    expect((await page.request.post('/api/orgs/springfield/integrations/test-connection', { data: { environment: 'TEST' } })).status()).toBe(403);
    for (const body of await bodies()) expect(body).not.toContain(PASSWORD);
  });
});
