import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_CITYWORKS_STAFF, DEMO_EMULATOR } from './support/demo-integration';
import { pothole } from './support/pothole';
import { DEMO, signIn } from './support/login';

/**
 * Operations against the demo Cityworks emulator: faults are injected through its fault API, the
 * dashboard shows them, and the records arriving exactly once are checked in the emulator's state.
 * Each test leaves the shared demo integration as it found it (faults cleared, not paused).
 */
const EMULATOR = DEMO_EMULATOR;
const CITYWORKS_STAFF = DEMO_CITYWORKS_STAFF;
const POINT = { lat: 39.7991, lng: -89.6501 };
interface FormQuestion { id: string; format: string; options: { id: string; label: string }[] }

/** Pothole, synced from Cityworks, with its questions, offered at POINT (the shared set-up, e2e/support/pothole.ts). */
async function setUp(api: APIRequestContext, suffix: string): Promise<{ integrationId: string; categoryId: string; questions: FormQuestion[] }> {
  const { integrationId, categoryId } = await pothole(api, suffix);
  const res = await api.get(`/api/public/orgs/springfield/issues/form?category=${categoryId}`);
  const questions = ((await res.json()) as { form?: { questions: FormQuestion[] } }).form?.questions ?? [];
  return { integrationId, categoryId, questions };
}

/** Files a report through the public API, as a citizen's browser would; answers every question. */
async function report(api: APIRequestContext, categoryId: string, questions: FormQuestion[], summary: string, from: string): Promise<number> {
  const answers = Object.fromEntries(questions.map((q) => [q.id, q.options.length > 1 ? q.options[0]!.id : 'Near the school']));
  const res = await api.post('/api/public/orgs/springfield/issues', {
    // A distinct client address per test, so these reports do not use up another test's rate limit.
    headers: { 'x-forwarded-for': from },
    multipart: { report: JSON.stringify({ requestTypeId: categoryId, ...POINT, summary, answers }) },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { issue: { number: number } }).issue.number;
}

async function remoteRecords(api: APIRequestContext, issueNumber: number): Promise<{ RequestId: number; Details?: string }[]> {
  const all = (await (await api.get(`${CITYWORKS_STAFF}/requests`)).json()) as { RequestId: number; OtherSystemId?: string; Details?: string }[];
  return all.filter((r) => r.OtherSystemId === String(issueNumber));
}

async function statusOf(api: APIRequestContext, issueNumber: number): Promise<string> {
  return ((await (await api.get(`/api/public/orgs/springfield/issues/${issueNumber}`)).json()) as { issue: { status: string } }).issue.status;
}

async function openDashboard(page: Page, integrationId: string) {
  await page.goto('/admin/springfield/sync');
  await page.getByRole('link', { name: /Cityworks/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`/admin/springfield/sync/${integrationId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sync health');
}

test('injected failures show on the dashboard; after the fault clears, dead letters retried from the page arrive exactly once', async ({ page, request }) => {
  test.setTimeout(150_000);
  const suffix = Date.now().toString(36);
  await signIn(page, DEMO.manager);
  const { integrationId, categoryId, questions } = await setUp(page.request, suffix);
  try {
    const fault = await request.post(`${EMULATOR}/_emulator/faults`, { data: { service: 'ServiceRequest/Create', kind: 'status1' } });
    expect(fault.ok()).toBe(true);
    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) numbers.push(await report(request, categoryId, questions, `Ops ${suffix} ${i}`, '198.51.100.21'));

    await openDashboard(page, integrationId);
    const dead = page.getByTestId('dead-letter');
    await expect(dead).toHaveCount(3, { timeout: 30_000 });
    await expect(page.getByRole('heading', { name: 'Dead letters (3)' })).toBeVisible();
    for (const n of numbers) await expect(page.getByRole('article', { name: `Dead letter for issue #${n}` })).toContainText(`Ops ${suffix}`);
    await expect(dead.first()).toContainText('Attempts');
    await expect(page.getByTestId('submissions-DEAD').locator('dd')).toHaveText('3');
    await expect(page.getByTestId('failures')).toContainText('cityworks.');
    // Surfaced where admins look: the banner and the navigation count, on the overview too.
    await page.goto('/admin/springfield');
    await expect(page.getByTestId('sync-alerts').locator('li[data-kind="dead-letters"]')).toContainText('3 dead letters waiting');
    await expect(page.getByTestId('sync-alert-count')).toHaveText(/[1-9]/);
    for (const n of numbers) expect(await remoteRecords(request, n)).toHaveLength(0);

    // Clear the fault, then work the dead letters from the page.
    expect((await request.delete(`${EMULATOR}/_emulator/faults`)).ok()).toBe(true);
    await openDashboard(page, integrationId);
    const first = page.getByRole('article', { name: `Dead letter for issue #${numbers[0]}` });
    await first.getByRole('button', { name: 'Edit and retry' }).click();
    await first.getByLabel('Summary').fill(`Ops ${suffix} 0 (checked)`);
    await first.getByRole('button', { name: 'Save and retry' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Issue #${numbers[0]} was corrected and sent again.` })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Dead letters (2)' })).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Retry all 2' }).click();
    await expect(page.getByTestId('no-dead-letters')).toBeVisible({ timeout: 15_000 });

    for (const n of numbers) await expect.poll(() => statusOf(request, n), { timeout: 30_000 }).toBe('ACKNOWLEDGED');
    for (const n of numbers) expect(await remoteRecords(request, n)).toHaveLength(1);
    expect((await remoteRecords(request, numbers[0]!))[0]!.Details).toContain(`Ops ${suffix} 0 (checked)`);
    await expect(page.getByTestId('submissions-DEAD').locator('dd')).toHaveText('0', { timeout: 15_000 });
  } finally {
    await request.delete(`${EMULATOR}/_emulator/faults`);
  }
});

test('pause holds new issues, resume sends them all once; staff see the dashboard without the controls', async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  const suffix = Date.now().toString(36);
  await signIn(page, DEMO.manager);
  const { integrationId, categoryId, questions } = await setUp(page.request, suffix);
  try {
    await openDashboard(page, integrationId);
    await page.getByRole('button', { name: 'Pause sync' }).click();
    await expect(page.getByTestId('pause-state')).toContainText('Paused since');

    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) numbers.push(await report(request, categoryId, questions, `Paused ${suffix} ${i}`, '198.51.100.22'));
    // Held, not lost: the outbox shows them waiting and nothing reaches Cityworks.
    await expect(page.getByTestId('submissions-PENDING').locator('dd')).not.toHaveText('0', { timeout: 15_000 });
    await expect(page.getByTestId('sync-alerts').first().locator('li[data-kind="paused"]')).toBeVisible();
    for (const n of numbers) {
      expect(await statusOf(request, n)).toBe('OPEN');
      expect(await remoteRecords(request, n)).toHaveLength(0);
    }

    const staff = await browser.newContext();
    const staffPage = await staff.newPage();
    await signIn(staffPage, DEMO.staff);
    await staffPage.goto(`/admin/springfield/sync/${integrationId}`);
    await expect(staffPage.getByTestId('pause-state')).toContainText('Paused since');
    await expect(staffPage.getByRole('button', { name: /Resume sync|Pause sync|Retry/ })).toHaveCount(0);
    await staff.close();

    await page.getByRole('button', { name: 'Resume sync' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Resumed: \d+ held item\(s\) sent\./ })).toBeVisible();
    await expect(page.getByTestId('pause-state')).toHaveText('Running.');
    for (const n of numbers) await expect.poll(() => statusOf(request, n), { timeout: 30_000 }).toBe('ACKNOWLEDGED');
    for (const n of numbers) expect(await remoteRecords(request, n)).toHaveLength(1);
  } finally {
    // Never leave the shared demo integration paused for the specs that follow.
    const state = await page.request.post(`/api/orgs/springfield/sync-health/${(await (await page.request.get('/api/orgs/springfield/integrations')).json() as { id: string }).id}/pause`, { data: { paused: false } });
    expect(state.ok()).toBe(true);
  }
});
