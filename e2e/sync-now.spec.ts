import { expect, test } from '@playwright/test';
import { pointAtDemoEmulator } from './support/demo-integration';
import { DEMO, signIn } from './support/login';

test('an implementation manager syncs categories from Cityworks on demand and sees the run finish', async ({ page }) => {
  await signIn(page, DEMO.manager);
  await pointAtDemoEmulator(page.request);
  await page.goto('/admin/springfield/integrations');
  const row = page.getByTestId('sync-categories');
  await row.getByRole('button', { name: 'Sync categories now' }).click();
  // The worker takes the job and reads the emulator's public problems.
  await expect(row.getByRole('status')).toContainText(/Done: \d+ of \d+/, { timeout: 30_000 });
  await expect(row).not.toContainText('never');
  const res = await page.request.get('/api/public/orgs/springfield/categories?lat=39.80&lng=-89.65');
  expect(res.ok()).toBe(true);
});

test('staff see the sync status but no sync button', async ({ page }) => {
  await signIn(page, DEMO.staff);
  await page.goto('/admin/springfield/integrations');
  await expect(page.getByTestId('sync-categories')).toBeVisible();
  await expect(page.getByRole('button', { name: /Sync .* now/ })).toHaveCount(0);
});
