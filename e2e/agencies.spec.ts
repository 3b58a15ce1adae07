import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './support/login';

// hole-2234.zip: a pentagon in Connecticut state plane feet (lon -73.6..-72.2, lat 41.0..41.95) with a
// rectangular hole (lon -73.0..-72.8, lat 41.25..41.4).
const HOLE_FIXTURE = path.join(import.meta.dirname, '../tests/fixtures/geo/hole-2234.zip');
const INSIDE_OUTER = { lat: '41.2', lng: '-73.4' };
const INSIDE_HOLE = { lat: '41.3', lng: '-72.9' };

test('a polygon with a hole: uploaded, previewed, saved, and no category offered inside the hole', async ({ page, browser }) => {
  const suffix = Date.now().toString(36);
  const agency = `Water ${suffix}`;
  const category = `Leaking hydrant ${suffix}`;

  await signIn(page, DEMO.manager);
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Agencies' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Agencies' })).toBeVisible();
  await page.getByLabel('New agency name').fill(agency);
  await page.getByRole('button', { name: 'Add agency' }).click();
  await expect(page.getByRole('heading', { name: `Geography of ${agency}` })).toBeVisible();

  await page.getByLabel('Geography file').setInputFiles(HOLE_FIXTURE);
  const report = page.getByTestId('upload-report');
  await expect(report.getByTestId('report-summary')).toHaveText(/1 feature\(s\), 1 polygon part\(s\), 1 hole\(s\)/);
  await expect(report).toContainText('EPSG:2234');
  await expect(report.getByTestId('report-overlaps')).toBeVisible();
  // Drawn on the map: one vector path for the upload, made of two rings (the exterior and the hole).
  const drawn = page.getByTestId('geography-map').locator('path.geo-preview');
  await expect(drawn).toHaveCount(1);
  const d = (await drawn.getAttribute('d')) ?? '';
  expect(d.match(/M/g)?.length).toBe(2);

  await page.getByRole('button', { name: 'Save geography' }).click();
  await expect(page.getByRole('status')).toHaveText(`Geography saved for ${agency}.`);
  await expect(page.getByTestId(`agency-row-${agency}`)).toContainText('hole-2234.zip');

  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Request types' }).click();
  await page.getByLabel('Name', { exact: true }).fill(category);
  await page.getByRole('button', { name: 'Create request type' }).click();
  await expect(page.getByRole('status')).toHaveText(`${category} created.`);
  await page.getByLabel(`Agency for ${category}`).selectOption({ label: agency });
  await expect(page.getByRole('status')).toHaveText(`${category}: assigned to ${agency}.`);

  // The public report page needs no account.
  const citizen = await browser.newContext();
  const report311 = await citizen.newPage();
  await report311.goto('/report/springfield');
  await expect(report311.getByRole('heading', { level: 1 })).toHaveText('Report a problem to City of Springfield');
  const categories = report311.getByTestId('report-categories');

  await report311.getByLabel('Latitude').fill(INSIDE_OUTER.lat);
  await report311.getByLabel('Longitude').fill(INSIDE_OUTER.lng);
  await report311.getByRole('button', { name: 'Use this location' }).click();
  await expect(categories.getByRole('radio', { name: category })).toBeVisible();
  await expect(report311.getByTestId('report-map').locator('path.geo-pin')).toHaveCount(1);

  await report311.getByLabel('Latitude').fill(INSIDE_HOLE.lat);
  await report311.getByLabel('Longitude').fill(INSIDE_HOLE.lng);
  await report311.getByRole('button', { name: 'Use this location' }).click();
  await expect(categories.getByRole('status')).toHaveText('No category is available at this location.');
  await expect(categories.getByRole('radio')).toHaveCount(0);
  await citizen.close();
});

const rect = (x0: number, y0: number, x1: number, y1: number) =>
  JSON.stringify({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

test('a dropped GeoJSON shows its overlap with another agency in red; a bad file is refused with its reason', async ({ page }) => {
  const suffix = Date.now().toString(36);
  await signIn(page, DEMO.manager);
  // Another agency with a saved geography, set up through the API.
  const created = await page.request.post('/api/orgs/springfield/agencies', { data: { name: `Roads ${suffix}` } });
  expect(created.status()).toBe(201);
  const roads = ((await created.json()) as { agency: { id: string } }).agency.id;
  const saved = await page.request.put(`/api/orgs/springfield/agencies/${roads}/geography`, {
    multipart: { file: { name: 'roads.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(rect(10, 10, 11, 11)) } },
  });
  expect(saved.status()).toBe(200);

  await page.goto('/admin/springfield/agencies');
  await page.getByLabel('New agency name').fill(`Lights ${suffix}`);
  await page.getByRole('button', { name: 'Add agency' }).click();
  await expect(page.getByRole('heading', { name: `Geography of Lights ${suffix}` })).toBeVisible();

  const drop = async (name: string, text: string) => {
    const dataTransfer = await page.evaluateHandle(([n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'application/octet-stream' }));
      return dt;
    }, [name, text] as const);
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
  };

  await drop('lights.geojson', rect(10.5, 10, 11.5, 11));
  await expect(page.getByTestId('report-overlaps')).toContainText(`Roads ${suffix}`);
  await expect(page.getByTestId('report-overlaps')).toContainText('% of this geography');
  const map = page.getByTestId('geography-map');
  await expect(map.locator('path.geo-preview')).toHaveCount(1);
  await expect(map.locator('path.geo-overlap')).toHaveCount(1);
  expect(await map.locator('path.geo-agency').count()).toBeGreaterThanOrEqual(1);

  await drop('lines.geojson', JSON.stringify({ type: 'LineString', coordinates: [[10, 10], [11, 11]] }));
  const refused = page.getByTestId('upload-error');
  await expect(refused).toContainText('NON_POLYGON_GEOMETRY');
  await expect(refused).toContainText('an agency geography must be polygons');
  await expect(refused).toContainText('Nothing was saved.');
  await expect(page.getByRole('button', { name: 'Save geography' })).toBeDisabled();
  await expect(page.getByTestId(`agency-row-Lights ${suffix}`)).toContainText('None');
});

test('staff sees agencies but cannot upload a geography', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await page.goto('/admin/springfield/agencies');
  await expect(page.getByRole('heading', { level: 1, name: 'Agencies' })).toBeVisible();
  await expect(page.getByLabel('New agency name')).toHaveCount(0);
  const api = await page.request.post('/api/orgs/springfield/agencies', { data: { name: 'Nope' } });
  expect(api.status()).toBe(403);
});
