import { expect, test } from '@playwright/test';
import { pointAtDemoEmulator } from './support/demo-integration';
import { DEMO, signIn } from './support/login';

const PAGE = '/admin/springfield/integrations';

test('a manager sets closing, cancel handling and the caller first name; a status Cityworks no longer lists is named as such', async ({ page }) => {
  await signIn(page, DEMO.manager);
  await pointAtDemoEmulator(page.request);
  const original = ((await (await page.request.get('/api/orgs/springfield/integrations')).json()) as { settings: Record<string, unknown> }).settings;
  try {
    await page.goto(PAGE);
    const settings = page.getByRole('form', { name: 'Settings' });
    await expect(settings.getByText('Statuses read from Cityworks.')).toBeVisible();
    const closed = settings.getByRole('group', { name: 'Closed statuses' });
    await expect(closed.getByText("Cityworks' own closed flag (IsClosed) is used only when none is chosen.", { exact: false })).toBeVisible();

    // A status typed by hand that the server does not list, in both pickers.
    await closed.getByLabel('Other statuses (comma-separated)').fill('RETIRED');
    await closed.getByLabel('Other statuses (comma-separated)').blur();
    const canceled = settings.getByRole('group', { name: 'Canceled statuses' });
    await canceled.getByLabel('Other statuses (comma-separated)').fill('VOIDED');
    await canceled.getByLabel('Other statuses (comma-separated)').blur();
    await settings.getByLabel(/^Handle cancels from Cityworks/).uncheck();
    await expect(canceled.getByText('Cancel handling is off (see the switches below): these statuses are recorded like any other.')).toBeVisible();
    await settings.getByLabel('Caller first name').fill('Springfield 311');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(settings.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    await page.reload();
    const again = page.getByRole('form', { name: 'Settings' });
    await expect(again.getByText('Statuses read from Cityworks.')).toBeVisible();
    await expect(again.getByRole('group', { name: 'Closed statuses' }).getByText(/Saved but no longer in Cityworks: RETIRED\./)).toBeVisible();
    await expect(again.getByRole('group', { name: 'Canceled statuses' }).getByText(/Saved but no longer in Cityworks: VOIDED\./)).toBeVisible();
    await expect(again.getByLabel(/^Handle cancels from Cityworks/)).not.toBeChecked();
    await expect(again.getByLabel('Caller first name')).toHaveValue('Springfield 311');
    const audit = page.getByTestId('integration-audit');
    await expect(audit).toContainText('switches.handleCancel: true → false');
    await expect(audit).toContainText('callerFirstName');

    // An empty caller first name is refused next to the field.
    await again.getByLabel('Caller first name').fill(' ');
    await again.getByRole('button', { name: 'Save settings' }).click();
    await expect(again.getByLabel('Caller first name')).toHaveAttribute('aria-invalid', 'true');
  } finally {
    expect((await page.request.put('/api/orgs/springfield/integrations/settings', { data: original })).status()).toBe(200);
  }
});
