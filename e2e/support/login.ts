import { expect, type Page } from '@playwright/test';

export const DEMO = {
  admin: { email: 'admin@springfield.example', password: 'springfield-admin', role: 'Customer admin' },
  manager: { email: 'manager@springfield.example', password: 'springfield-manager', role: 'Implementation manager' },
  staff: { email: 'staff@springfield.example', password: 'springfield-staff', role: 'Staff' },
} as const;

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(who.email);
}
