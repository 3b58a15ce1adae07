import { expect, test } from '@playwright/test';
import { pointAtDemoEmulator } from './support/demo-integration';
import { DEMO, signIn } from './support/login';

test('the dry run shows the exact create request a sample issue would send, with the password masked', async ({ page }) => {
  await signIn(page, DEMO.manager);
  await pointAtDemoEmulator(page.request);
  await page.goto('/admin/springfield/integrations');
  await page.getByRole('button', { name: 'Show the create request' }).click();
  const dry = page.getByTestId('dry-run');
  await expect(dry).toContainText('/Services/General/Authentication/Authenticate');
  await expect(dry).toContainText('/Services/Ams/ServiceRequest/Create');
  await expect(dry).toContainText('"CallerFirstName": "Civic Bridge 311 CRM"');
  await expect(dry).toContainText('"OtherSystemId"');
  await expect(dry).not.toContainText('Springfield!311');
});
