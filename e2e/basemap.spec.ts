import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './support/login';
import { expectBasemapTiles } from './support/map';

test('the report form map shows the Springfield street basemap with its attribution', async ({ page }, testInfo) => {
  await page.goto('/report/springfield');
  const map = page.getByTestId('report-map');
  // A found address brings the map to street level downtown, where the tiles carry street names.
  await page.getByLabel('Search an address').fill('301 E Adams St');
  await page.getByRole('button', { name: 'Find address' }).click();
  await page.getByTestId('address-results').getByRole('button', { name: /^301 E Adams St/ }).click();
  await expect(map.locator('path.geo-pin')).toHaveCount(1);
  expect(await expectBasemapTiles(map)).toBeGreaterThanOrEqual(4);
  await expect(map.locator('.leaflet-control-attribution')).toContainText('Springfield GIS (emulated basemap)');
  await expect(page.getByTestId('report-map-status')).toHaveText('');
  await map.screenshot({ path: testInfo.outputPath('report-map.png') });
});

test('the agencies map shows the basemap under the seeded service areas', async ({ page }, testInfo) => {
  await signIn(page, DEMO.manager);
  await page.goto('/admin/springfield/agencies');
  const all = page.getByTestId('agencies-map');
  // The two seeded agencies (and any another spec added).
  await expect.poll(() => all.locator('path.geo-agency').count()).toBeGreaterThanOrEqual(2);
  await expectBasemapTiles(all);
  await expect(all.locator('.leaflet-control-attribution')).toContainText('Springfield GIS');
  // One agency's panel zooms to its area: Public Works downtown, its hole over the Capitol grounds.
  await page.getByRole('button', { name: 'Replace geography for Public Works' }).click();
  const map = page.getByTestId('geography-map');
  await expect(map.locator('path.geo-preview')).toHaveCount(1);
  await expectBasemapTiles(map);
  await page.mouse.move(0, 0); // no tooltip over the screenshot
  await map.screenshot({ path: testInfo.outputPath('agencies-map.png') });

  // The staff issues map too.
  await page.goto('/admin/springfield/issues');
  await page.getByRole('radio', { name: 'Map', exact: true }).check();
  const issues = page.getByTestId('issues-map');
  await expectBasemapTiles(issues);
  await expect(issues.locator('.leaflet-control-attribution')).toContainText('Springfield GIS');
});

test('an admin chooses a tile server on the settings page; when its tiles fail the report map still works and says so', async ({ page, browser }) => {
  await signIn(page, DEMO.admin);
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByLabel('Tile server (XYZ template, e.g. OpenStreetMap)').check();
  const url = page.getByLabel('Tile URL template');
  // A template without {z}/{x}/{y} is refused and focus goes to the field, with its error read out.
  await url.fill('http://127.0.0.1:9/tiles.png');
  await page.getByLabel('Attribution').fill('Nobody');
  await page.getByRole('button', { name: 'Save basemap' }).click();
  await expect(page.getByTestId('basemap-error')).toContainText('Some fields are not valid.');
  await expect(url).toBeFocused();
  await expect(url).toHaveAccessibleDescription(/must contain \{z\}, \{x\} and \{y\}/);
  // Port 9 (discard) refuses connections: every tile fails.
  await url.fill('http://127.0.0.1:9/{z}/{x}/{y}.png');
  await page.getByRole('button', { name: 'Save basemap' }).click();
  await expect(page.getByTestId('basemap-saved')).toHaveText('Basemap saved. Every map of the organization now uses it.');

  try {
    const citizen = await browser.newContext();
    const form = await citizen.newPage();
    await form.goto('/report/springfield');
    await expect(form.getByTestId('report-map-status')).toHaveText('The street map could not be loaded; the map still works without it.');
    // Still usable: a click on the map drops the pin and the categories for that point are looked up.
    const map = form.getByTestId('report-map');
    await map.click();
    await expect(map.locator('path.geo-pin')).toHaveCount(1);
    await expect(form.getByLabel('Latitude')).not.toHaveValue('');
    await expect(form.getByTestId('report-categories')).not.toContainText(/Choose a location first|Finding the categories/);
    await citizen.close();
  } finally {
    // Back to the deployment default for the other specs, through the same settings page.
    await page.getByLabel('Deployment default', { exact: false }).check();
    await page.getByRole('button', { name: 'Save basemap' }).click();
    await expect(page.getByTestId('basemap-saved')).toHaveText('Basemap saved. Every map of the organization now uses it.');
  }
  const entries = await (await page.request.get('/api/orgs/springfield/basemap')).json() as { basemap: unknown };
  expect(entries.basemap).toBeNull();
});
