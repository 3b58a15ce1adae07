import { expect, test } from '@playwright/test';
import { DEMO_CITYWORKS_STAFF, syncNow } from './support/demo-integration';
import { pothole } from './support/pothole';
import { DEMO, signIn } from './support/login';

const CITYWORKS_STAFF = DEMO_CITYWORKS_STAFF;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
// Downtown Springfield, inside the service area pothole() draws.
const POINT = { lat: '39.7990', lng: '-89.6500' };

test('a citizen reports a pothole with a photo; it is acknowledged with the Cityworks id, closed by the city, and shown Closed', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  await signIn(page, DEMO.manager);
  const { integrationId } = await pothole(page.request, suffix);

  const citizen = await browser.newContext();
  const form = await citizen.newPage();
  await form.goto('/report/springfield');
  await form.getByLabel('Latitude').fill(POINT.lat);
  await form.getByLabel('Longitude').fill(POINT.lng);
  await form.getByRole('button', { name: 'Use this location' }).click();
  await form.getByTestId('report-categories').getByRole('radio', { name: 'Pothole' }).check();

  const questions = form.getByTestId('report-questions');
  await expect(questions.getByRole('group', { name: /How large is the pothole/ })).toBeVisible();
  // Required answers are enforced before anything is sent.
  await form.getByLabel('Summary').fill(`Deep pothole ${suffix}`);
  await form.getByRole('button', { name: 'Send report' }).click();
  await expect(form.getByTestId('report-error')).toHaveText('Please fix the fields marked below.');
  await expect(questions.getByText('This question needs an answer.')).toHaveCount(4);

  await questions.getByRole('group', { name: /How large is the pothole/ }).getByLabel('Larger than a dinner plate').check();
  await questions.getByRole('group', { name: /in a traffic lane/ }).getByLabel('Yes').check();
  await questions.getByLabel(/Anything else the crew should know/).fill('Near the crosswalk');
  await questions.getByLabel(/Phone number for follow-up/).fill('217-555-0100');
  await form.getByLabel('Description').fill('It swallowed a bike wheel');
  await form.getByLabel(/^Photo/).setInputFiles({ name: 'pothole.png', mimeType: 'image/png', buffer: PNG });
  await form.getByLabel(/^Your email/).fill('ada@example.org');
  await form.getByRole('button', { name: 'Send report' }).click();

  await expect(form).toHaveURL(/\/report\/springfield\/issues\/\d+/);
  const number = Number(/issues\/(\d+)/.exec(form.url())![1]);
  await expect(form.getByRole('heading', { level: 1 })).toHaveText(`Issue #${number}: Deep pothole ${suffix}`);
  const answers = form.getByTestId('issue-answers');
  await expect(answers).toContainText('Larger than a dinner plate');
  await expect(answers).toContainText('Near the crosswalk');
  // The phone answer is private; the reporter's email is never shown.
  await expect(form.locator('body')).not.toContainText('217-555-0100');
  await expect(form.locator('body')).not.toContainText('ada@example.org');
  const photo = form.getByTestId('issue-photo');
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  // The worker submits it to Cityworks: Acknowledged, with the message naming the remote id.
  await expect(form.getByTestId('issue-status')).toHaveText('Acknowledged', { timeout: 30_000 });
  const srs = (await (await request.get(`${CITYWORKS_STAFF}/requests`)).json()) as { RequestId: number; OtherSystemId?: string }[];
  const sr = srs.find((r) => r.OtherSystemId === String(number));
  expect(sr).toBeTruthy();
  const updates = form.getByTestId('issue-updates');
  await expect(updates.locator('li[data-kind="ACKNOWLEDGMENT"]')).toContainText(String(sr!.RequestId));

  // The crew closes it in Cityworks; the poll (pressed on demand) brings the closing back.
  expect((await request.post(`${CITYWORKS_STAFF}/requests/${sr!.RequestId}/close`, { data: {} })).ok()).toBe(true);
  await expect
    .poll(async () => {
      await syncNow(page.request, integrationId, 'poll-updates');
      return form.getByTestId('issue-status').textContent();
    }, { timeout: 45_000 })
    .toBe('Closed');
  await expect(updates.locator('li[data-kind="CLOSING"]')).toHaveCount(1);
  await expect(updates.locator('li[data-kind="CLOSING"] p').last()).not.toBeEmpty();
  await citizen.close();
});

test('a citizen searches an address instead of dropping a pin: the pin moves there and the categories for that point are offered', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const suffix = Date.now().toString(36);
  await signIn(page, DEMO.manager);
  await pothole(page.request, suffix);

  const citizen = await browser.newContext();
  const form = await citizen.newPage();
  await form.goto('/report/springfield');
  const search = form.getByLabel('Search an address');
  const results = form.getByTestId('address-results');
  const map = form.getByTestId('report-map');

  await search.fill('12 Elm Street');
  await search.press('Enter');
  await expect(results.getByRole('status')).toHaveText('No address found for “12 Elm Street”. Check the spelling, or drop a pin on the map.');

  // Enter searches; it does not send the report (which would complain about the empty fields).
  await search.fill('101 E Adams');
  await search.press('Enter');
  const found = results.getByRole('button', { name: '201 E Adams St, Springfield, IL, 62701' });
  await expect(found).toBeVisible();
  await expect(results.getByRole('button')).toHaveText(['201 E Adams St', '301 E Adams St', '401 E Adams St'].map((a) => `${a}, Springfield, IL, 62701`));
  await expect(form.getByTestId('report-error')).toHaveCount(0);
  await expect(map.locator('.geo-pin')).toHaveCount(0);

  // Pan the map away first, so that the centring below is the search's doing.
  const pane = map.locator('.leaflet-map-pane');
  const before = await pane.getAttribute('style');
  await map.focus();
  for (let i = 0; i < 4; i++) await map.press('ArrowRight');
  await expect.poll(() => pane.getAttribute('style')).not.toBe(before);

  // Chosen from the keyboard: the same category lookup as a dropped pin, at the address's point.
  const lookup = form.waitForRequest((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/public/orgs/springfield/categories' && u.searchParams.get('lat') === '39.7999' && u.searchParams.get('lng') === '-89.6485';
  });
  await found.focus();
  await found.press('Enter');
  await lookup;
  await expect(results.getByRole('status')).toHaveText('Pin placed at 201 E Adams St, Springfield, IL, 62701.');
  await expect(found).toHaveAttribute('aria-current', 'true');
  await expect(map.locator('.geo-pin')).toHaveCount(1);
  await expect(form.getByLabel('Latitude')).toHaveValue('39.799900');
  await expect(form.getByLabel('Longitude')).toHaveValue('-89.648500');
  await expect(form.getByTestId('report-categories').getByRole('radio', { name: 'Pothole' })).toBeVisible();
  await expect(form.getByLabel(/^Address or landmark/)).toHaveValue('201 E Adams St, Springfield, IL, 62701');
  // The map is centred on the pin.
  await expect
    .poll(async () => {
      const [pin, box] = [await map.locator('.geo-pin').boundingBox(), await map.boundingBox()];
      if (!pin || !box) return Infinity;
      return Math.hypot(pin.x + pin.width / 2 - (box.x + box.width / 2), pin.y + pin.height / 2 - (box.y + box.height / 2));
    })
    .toBeLessThan(3);

  await form.getByTestId('report-categories').getByRole('radio', { name: 'Pothole' }).check();
  await expect(form.getByTestId('report-questions').getByRole('group', { name: /How large is the pothole/ })).toBeVisible();
  await citizen.close();
});

test('the address search is not offered where the organization has no geocoder', async ({ page }) => {
  await signIn(page, DEMO.manager);
  const api = page.request;
  const { connection } = (await (await api.get('/api/orgs/springfield/integrations')).json()) as { connection: Record<string, unknown> };
  expect(connection.geocoderUrl).toBeTruthy();
  const saveConnection = async (c: Record<string, unknown>) => expect((await api.put('/api/orgs/springfield/integrations/connection', { data: c })).status()).toBe(200);
  await saveConnection({ ...connection, geocoderUrl: null, validateAddress: false });
  try {
    await page.goto('/report/springfield');
    await expect(page.getByRole('button', { name: 'Use this location' })).toBeVisible();
    await expect(page.getByText('Click the map to drop a pin, or type the coordinates.')).toBeVisible();
    await expect(page.getByLabel('Search an address')).toHaveCount(0);
    const res = await api.get('/api/public/orgs/springfield/address-search?q=201+E+Adams');
    expect(res.status()).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('address_search_unavailable');
  } finally {
    await saveConnection(connection);
  }
  await page.goto('/report/springfield');
  await expect(page.getByLabel('Search an address')).toBeVisible();
});

test('the report API refuses an unknown category and says which field', async ({ request }) => {
  const res = await request.post('/api/public/orgs/springfield/issues', {
    multipart: { report: JSON.stringify({ requestTypeId: 'nope', lat: 0, lng: 0, summary: 'x' }) },
  });
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe('category');
});
