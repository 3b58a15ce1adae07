import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './support/login';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const AREA = { type: 'Polygon', coordinates: [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]] };

test('staff work a local issue: internal comment with an image stays internal, close, and the public page shows Closed', async ({ page, browser }) => {
  const suffix = Date.now().toString(36);
  await signIn(page, DEMO.manager);
  const agency = ((await (await page.request.post('/api/orgs/springfield/agencies', { data: { name: `Parks ${suffix}` } })).json()) as { agency: { id: string } }).agency.id;
  const saved = await page.request.put(`/api/orgs/springfield/agencies/${agency}/geography`, {
    multipart: { file: { name: 'parks.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(AREA)) } },
  });
  expect(saved.status()).toBe(200);
  const created = await page.request.post('/api/orgs/springfield/request-types', { data: { name: `Broken bench ${suffix}` } });
  expect(created.status()).toBe(201);
  const category = ((await created.json()) as { requestType: { id: string } }).requestType.id;
  expect((await page.request.patch(`/api/orgs/springfield/request-types/${category}`, { data: { agencyId: agency } })).status()).toBe(200);

  const report = await page.request.post('/api/public/orgs/springfield/issues', {
    multipart: { report: JSON.stringify({ requestTypeId: category, lat: 10.5, lng: 10.5, summary: `Bench ${suffix}`, reporterEmail: 'bo@example.org' }) },
  });
  expect(report.status()).toBe(201);
  const number = ((await report.json()) as { issue: { number: number } }).issue.number;

  const staff = await browser.newContext();
  const s = await staff.newPage();
  await signIn(s, DEMO.staff);
  await s.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Issues' }).click();
  await s.getByLabel('Sync').selectOption('not-integrated');
  await expect(s.getByTestId(`issue-row-${number}`)).toContainText('Not integrated');
  await s.getByRole('radio', { name: 'Map' }).check();
  await expect(s.getByTestId('issues-map').locator('path.issue-marker').first()).toBeVisible();
  await s.getByRole('radio', { name: 'List' }).check();
  await s.getByTestId(`issue-row-${number}`).getByRole('link').click();

  await expect(s.getByRole('heading', { level: 1 })).toHaveText(`Issue #${number}: Bench ${suffix}`);
  await expect(s.getByText('bo@example.org')).toBeVisible();
  await s.getByLabel('Comment').fill(`Crew note ${suffix}`);
  await s.getByLabel(/^Internal/).check();
  await s.getByLabel('Image (optional)').setInputFiles({ name: 'bench.png', mimeType: 'image/png', buffer: PNG });
  await s.getByRole('button', { name: 'Add comment' }).click();
  const note = s.getByTestId('issue-timeline').locator('li[data-internal="true"]', { hasText: `Crew note ${suffix}` });
  await expect(note).toBeVisible();
  await expect(note.locator('img')).toHaveJSProperty('naturalWidth', 1);
  const internalImage = await note.locator('img').getAttribute('src');

  await s.getByRole('button', { name: 'Close issue' }).click();
  await expect(s.getByTestId('issue-status')).toHaveText('Closed');
  await expect(s.getByRole('button', { name: 'Reopen issue' })).toBeEnabled();

  const citizen = await browser.newContext();
  const pub = await citizen.newPage();
  await pub.goto(`/report/springfield/issues/${number}`);
  await expect(pub.getByTestId('issue-status')).toHaveText('Closed');
  await expect(pub.locator('body')).not.toContainText(`Crew note ${suffix}`);
  await expect(pub.locator('body')).not.toContainText('bo@example.org');
  // The internal image is not reachable without a staff session, nor through the public media route.
  const mediaId = internalImage!.split('/').pop()!;
  expect((await pub.request.get(`/api/media/${mediaId}`)).status()).toBe(404);
  expect((await pub.request.get(internalImage!)).status()).toBe(401);
  await staff.close();
  await citizen.close();
});
