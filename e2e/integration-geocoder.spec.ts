import { expect, test, type Page, type Response } from '@playwright/test';
import { startArcgisEmulator, type ArcgisEmulator } from '../emulators/arcgis/server';
import { DEMO, signIn } from './support/login';

/**
 * The integration page's geocoder sign-in and server time zone, end to end: what the manager sets
 * is what the server uses (address search against a secured locator), and the password never
 * reaches the browser. The demo's own settings are put back afterwards for the other specs.
 */

const PAGE = '/admin/springfield/integrations';
const USER = 'gis-311';
const PASSWORD = 'Locator-Pa55-e2e';

let secured: ArcgisEmulator;
test.beforeAll(async () => {
  secured = await startArcgisEmulator({ port: 0, requireToken: true, tokens: [], users: { [USER]: PASSWORD } });
});
test.afterAll(async () => {
  await secured.close();
});

function recordBodies(page: Page): () => Promise<string[]> {
  const pending: Promise<string>[] = [];
  page.on('response', (res: Response) => {
    const type = res.headers()['content-type'] ?? '';
    if (type.includes('html') || type.includes('json') || type.includes('x-component')) pending.push(res.text().catch(() => ''));
  });
  return () => Promise.all(pending);
}

async function saveGeocoderUrl(page: Page, url: string) {
  const connection = page.getByRole('form', { name: 'Connection' });
  await connection.getByLabel('ArcGIS geocoder URL').fill(url);
  await connection.getByRole('button', { name: 'Save connection' }).click();
  await expect(connection.getByRole('status')).toHaveText('Connection saved.');
}

test('a manager signs the geocoder in with a user name and password and picks the server time zone', async ({ page }) => {
  const bodies = recordBodies(page);
  await signIn(page, DEMO.manager);
  await page.goto(PAGE);
  const connection = page.getByRole('form', { name: 'Connection' });
  const originalUrl = await connection.getByLabel('ArcGIS geocoder URL').inputValue();
  const settings = page.getByRole('form', { name: 'Settings' });
  const zone = settings.getByLabel('Cityworks server time zone');
  const originalZone = await zone.inputValue();

  try {
    await saveGeocoderUrl(page, secured.url);
    const creds = page.getByRole('form', { name: 'Geocoder credentials' });
    await creds.getByLabel('Geocoder credentials').selectOption('USER_PASSWORD');
    await creds.getByLabel('Geocoder user name').fill(USER);
    await creds.getByRole('button', { name: 'Save geocoder credentials' }).click();
    // No password stored yet: the server refuses, and says so next to the field.
    await expect(creds.getByLabel('Geocoder password')).toHaveAttribute('aria-invalid', 'true');
    await expect(creds.getByText('Enter the password for this user.')).toBeVisible();
    await creds.getByLabel('Geocoder password').fill(PASSWORD);
    await creds.getByRole('button', { name: 'Save geocoder credentials' }).click();
    await expect(creds.getByRole('status')).toHaveText('Geocoder credentials saved.');

    // The server now signs in to the secured locator for the public address search.
    const search = await page.request.get('/api/public/orgs/springfield/address-search?q=201%20E%20Adams%20St');
    expect(search.status()).toBe(200);
    expect(JSON.stringify(await search.json())).toContain('201 E Adams St');
    expect(secured.calls.some((c) => c.path.endsWith('/generateToken') && c.params.username === USER)).toBe(true);

    await zone.selectOption('America/Chicago');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    await page.reload();
    const again = page.getByRole('form', { name: 'Geocoder credentials' });
    await expect(again.getByLabel('Geocoder credentials')).toHaveValue('USER_PASSWORD');
    await expect(again.getByLabel('Geocoder user name')).toHaveValue(USER);
    await expect(again.getByLabel('Geocoder password')).toHaveValue('');
    await expect(again.getByText(/^Set .*Leave empty to keep it\.$/)).toBeVisible();
    await expect(page.getByRole('form', { name: 'Settings' }).getByLabel('Cityworks server time zone')).toHaveValue('America/Chicago');
    for (const body of await bodies()) expect(body).not.toContain(PASSWORD);
  } finally {
    await page.goto(PAGE);
    const creds = page.getByRole('form', { name: 'Geocoder credentials' });
    await creds.getByLabel('Geocoder credentials').selectOption('NONE');
    await creds.getByRole('button', { name: 'Save geocoder credentials' }).click();
    await expect(creds.getByRole('status')).toHaveText('Geocoder credentials saved.');
    await saveGeocoderUrl(page, originalUrl);
    const restore = page.getByRole('form', { name: 'Settings' });
    await restore.getByLabel('Cityworks server time zone').selectOption(originalZone);
    await restore.getByRole('button', { name: 'Save settings' }).click();
    await expect(restore.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  }
});

test('an Esri WKID is accepted as the SRID, described from Esri\'s list', async ({ page }) => {
  await signIn(page, DEMO.manager);
  await page.goto(PAGE);
  const connection = page.getByRole('form', { name: 'Connection' });
  // 15.8 and 23 fix the SRID to 3857; an on-premise 15.0 city uses its own.
  await connection.getByLabel('Cityworks version').selectOption('V15_0');
  await connection.getByLabel('SRID').fill('102671');
  await expect(connection.getByText('NAD 1983 StatePlane Illinois East FIPS 1201 (US Feet) (Foot US) — USA - Illinois - SPCS - E')).toBeVisible();
  // Nothing saved: the demo keeps its settings for the other specs.
});
