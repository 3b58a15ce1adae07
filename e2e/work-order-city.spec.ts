import { expect, test } from '@playwright/test';
import { DEMO_CITYWORKS_STAFF, pointAtDemoEmulator, syncNow } from './support/demo-integration';
import { DEMO, signIn } from './support/login';

// Downtown Springfield, inside the service area drawn below.
const POINT = { lat: '39.7990', lng: '-89.6500' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const AREA = { type: 'Polygon', coordinates: [[[-89.7, 39.75], [-89.6, 39.75], [-89.6, 39.85], [-89.7, 39.85], [-89.7, 39.75]]] };

interface WorkOrderRow { WorkOrderId: string; WOTemplateId: string; Status: string; Text1: string; Text2: string; Text19: string; Text20: string }
interface IntegrationView { connection: Record<string, unknown> }

test('a work-order city set up in the UI: templates from Cityworks, test connection, category sync, and a citizen report that becomes a work order with our number and the reporter', async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  await signIn(page, DEMO.manager);
  const integrationId = await pointAtDemoEmulator(page.request);
  try {
    await page.goto('/admin/springfield/integrations');

    // 1. Work orders instead of service requests.
    const connection = page.getByRole('form', { name: 'Connection' });
    await connection.getByLabel('Mode').selectOption('WORK_ORDERS');
    await connection.getByRole('button', { name: 'Save connection' }).click();
    await expect(connection.getByText('Connection saved.')).toBeVisible();

    // 2. Templates picked from the list Cityworks gives for the entity type, by their Cityworks names.
    const settings = page.getByRole('form', { name: 'Settings' });
    const templates = settings.getByRole('group', { name: 'Work order templates offered to citizens' });
    await expect(templates.getByText('2 templates for STREET in Cityworks.', { exact: false })).toBeVisible();
    await expect(templates.getByRole('checkbox')).toHaveCount(2);
    await settings.getByLabel('Entity type').fill('TREE');
    await settings.getByRole('button', { name: 'Show templates for TREE' }).click();
    await expect(templates.getByLabel('Tree Removal (410) — FORESTRY')).toBeVisible();
    await settings.getByLabel('Entity type').fill('STREET');
    await settings.getByRole('button', { name: 'Show templates for STREET' }).click();
    const potholeRepair = templates.getByLabel('Pothole Repair (301) — STREETS');
    await potholeRepair.check();

    // The issue number cannot share a field with the image URL: refused before saving, with the reason.
    await settings.getByLabel('Image URL field').selectOption('Text20');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByText('Text20 carries our issue number on work orders; choose another field for the image URL.')).toBeVisible();
    await settings.getByLabel('Issue number field').selectOption('Text19');
    await settings.getByLabel('Reporter name field').selectOption('Text1');
    await settings.getByLabel('Reporter email field').selectOption('Text2');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByText('Settings saved.')).toBeVisible();

    // 3. Test connection: templates read, and create permission checked without creating anything.
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('test-result');
    await expect(result).toHaveAttribute('data-outcome', 'success');
    await expect(result.getByRole('row', { name: /Work order create permission/ })).toContainText('May create work orders from every chosen template (301)');

    // 4. Category sync offers the chosen template.
    const row = page.getByTestId('sync-categories');
    await row.getByRole('button', { name: 'Sync categories now' }).click();
    await expect(row.getByRole('status')).toContainText(/Done: \d+ of \d+/, { timeout: 30_000 });
    // The seed's own category run already reads "Done": wait for the category this run creates.
    await expect
      .poll(async () => {
        const list = (await (await page.request.get('/api/orgs/springfield/request-types')).json()) as { requestTypes: { name: string }[] };
        return list.requestTypes.some((t) => t.name === 'Pothole Repair');
      }, { timeout: 90_000, message: 'the work order category sync created Pothole Repair' })
      .toBe(true);

    // 5. The category page: give it an agency whose area covers the city.
    const created = await page.request.post('/api/orgs/springfield/agencies', { data: { name: `Street crews ${suffix}` } });
    expect(created.status()).toBe(201);
    const agencyId = ((await created.json()) as { agency: { id: string } }).agency.id;
    const drawn = await page.request.put(`/api/orgs/springfield/agencies/${agencyId}/geography`, {
      multipart: { file: { name: 'streets.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(AREA)) } },
    });
    expect(drawn.status()).toBe(200);
    await page.goto('/admin/springfield/request-types');
    await page.getByRole('link', { name: 'Pothole Repair' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pothole Repair');
    await expect(page.getByText('Work order templates have no questions in Cityworks.')).toBeVisible();
    await page.getByLabel('Agency').selectOption({ label: `Street crews ${suffix}` });
    await page.getByLabel('Display name').fill(`Road repair ${suffix}`);
    await page.getByRole('button', { name: 'Save category' }).click();
    await expect(page.getByText('Category saved.')).toBeVisible();

    // 6. A citizen reports under it.
    const citizen = await browser.newContext();
    const form = await citizen.newPage();
    await form.goto('/report/springfield');
    await form.getByLabel('Latitude').fill(POINT.lat);
    await form.getByLabel('Longitude').fill(POINT.lng);
    await form.getByRole('button', { name: 'Use this location' }).click();
    await form.getByTestId('report-categories').getByRole('radio', { name: `Road repair ${suffix}` }).check();
    await form.getByLabel('Summary').fill(`Crumbling road ${suffix}`);
    await form.getByLabel(/^Photo/).setInputFiles({ name: 'road.png', mimeType: 'image/png', buffer: PNG });
    await form.getByLabel(/^Your name/).fill('Ada Lovelace');
    await form.getByLabel(/^Your email/).fill('ada@example.org');
    await form.getByRole('button', { name: 'Send report' }).click();
    await expect(form).toHaveURL(/\/report\/springfield\/issues\/\d+/);
    const number = Number(/issues\/(\d+)/.exec(form.url())![1]);

    // 7. The worker creates the work order: our number in the chosen field, the image URL in Text20,
    // the reporter where chosen.
    await expect(form.getByTestId('issue-status')).toHaveText('Acknowledged', { timeout: 30_000 });
    const workOrders = (await (await request.get(`${DEMO_CITYWORKS_STAFF}/workorders`)).json()) as WorkOrderRow[];
    const wo = workOrders.find((w) => w.Text19 === String(number));
    expect(wo).toMatchObject({ WOTemplateId: '301', Text1: 'Ada Lovelace', Text2: 'ada@example.org', Text20: expect.stringMatching(/\/api\/media\/\w+$/) });
    await expect(form.getByTestId('issue-updates').locator('li[data-kind="ACKNOWLEDGMENT"]')).toContainText(wo!.WorkOrderId);

    // 8. The crew closes the work order in Cityworks; the poll brings the closing back.
    expect((await request.post(`${DEMO_CITYWORKS_STAFF}/workorders/${wo!.WorkOrderId}/close`, { data: {} })).ok()).toBe(true);
    await expect
      .poll(async () => {
        await syncNow(page.request, integrationId, 'poll-updates');
        await form.reload();
        return form.getByTestId('issue-status').textContent();
      }, { timeout: 45_000 })
      .toBe('Closed');
    await citizen.close();
  } finally {
    // Later specs expect the demo integration in service request mode.
    const view = (await (await page.request.get('/api/orgs/springfield/integrations')).json()) as IntegrationView;
    await page.request.put('/api/orgs/springfield/integrations/connection', { data: { ...view.connection, mode: 'SERVICE_REQUESTS' } });
  }
});

test('the category page: an admin marks a question private and hides another, a question sync keeps both, and staff only read', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.manager);
  const integrationId = await pointAtDemoEmulator(page.request);
  interface Row { id: string; name: string; source: string }
  let categoryId = '';
  await expect
    .poll(async () => {
      await syncNow(page.request, integrationId, 'categories');
      const { requestTypes } = (await (await page.request.get('/api/orgs/springfield/request-types')).json()) as { requestTypes: Row[] };
      categoryId = requestTypes.find((r) => r.name === 'Graffiti' && r.source === 'integrated')?.id ?? '';
      return categoryId;
    }, { timeout: 30_000 })
    .not.toBe('');

  const admin = await browser.newContext();
  const ap = await admin.newPage();
  await signIn(ap, DEMO.admin);
  await ap.goto(`/admin/springfield/request-types/${categoryId}`);
  await ap.getByRole('button', { name: 'Sync this category’s questions now' }).click();
  const question = ap.getByRole('row', { name: /Is the graffiti offensive\?/ });
  await expect(question).toBeVisible({ timeout: 30_000 });
  await question.getByLabel(/^Private:/).selectOption('private');
  await expect(ap.getByRole('status').filter({ hasText: 'is now private' })).toBeVisible();
  await question.getByRole('checkbox', { name: /Hide/ }).check();
  await expect(ap.getByRole('status').filter({ hasText: 'is now private and hidden' })).toBeVisible();

  // Another sync of this category's questions keeps the admin's choices.
  await ap.getByRole('button', { name: 'Sync this category’s questions now' }).click();
  await expect(ap.getByText(/Question sync sent|already queued/)).toBeVisible();
  await expect
    .poll(async () => {
      await ap.reload();
      const row = ap.getByRole('row', { name: /Is the graffiti offensive\?/ });
      return [await row.getByLabel(/^Private:/).inputValue(), await row.getByRole('checkbox', { name: /Hide/ }).isChecked()];
    }, { timeout: 30_000 })
    .toEqual(['private', true]);
  // The public form no longer asks the hidden question; the private one is asked, marked private.
  const form = (await (await ap.request.get(`/api/public/orgs/springfield/issues/form?category=${categoryId}`)).json()) as { form: { questions: { text: string; isPrivate: boolean }[] } };
  expect(form.form.questions.map((q) => [q.text, q.isPrivate])).toEqual([
    ['When did you first notice it?', false],
    ['Your email address', true],
  ]);
  await admin.close();

  const staff = await browser.newContext();
  const sp = await staff.newPage();
  await signIn(sp, DEMO.staff);
  await sp.goto(`/admin/springfield/request-types/${categoryId}`);
  await expect(sp.getByRole('heading', { level: 1 })).toHaveText('Graffiti');
  await expect(sp.getByRole('button', { name: 'Save category' })).toHaveCount(0);
  await expect(sp.getByRole('button', { name: /Sync this category/ })).toHaveCount(0);
  await expect(sp.getByLabel('Display name')).toBeDisabled();
  await staff.close();
});
