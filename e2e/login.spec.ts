import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './support/login';

test.describe('sign in', () => {
  for (const who of Object.values(DEMO)) {
    test(`${who.role} signs in and lands on the organization`, async ({ page }) => {
      await signIn(page, who);
      await expect(page).toHaveURL(/\/admin\/springfield$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('City of Springfield');
      await expect(page.getByTestId('role')).toHaveText(who.role);
    });
  }

  test('a wrong password is refused with a clear message', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(DEMO.staff.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(page).toHaveURL(/\/login/);
  });

  test('a callbackUrl that leaves the site is ignored: sign-in lands on the admin pages', async ({ page }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent('/\\evil.example/phish')}`);
    await page.getByLabel('Email').fill(DEMO.staff.email);
    await page.getByLabel('Password').fill(DEMO.staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('signed-in-as')).toHaveText(DEMO.staff.email);
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
    expect(new URL(page.url()).pathname).toMatch(/^\/admin/);
  });

  test('rotating X-Forwarded-For buys no extra sign-in attempts: the server counts the socket address', async ({ request }) => {
    const email = `nobody-${Date.now()}@springfield.example`;
    const attempt = async (i: number): Promise<string> => {
      const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
      const res = await request.post('/api/auth/callback/credentials', {
        form: { csrfToken, email, password: 'not-the-password', json: 'true' },
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
      return new URL(((await res.json()) as { url: string }).url).searchParams.get('error') ?? '';
    };
    for (let i = 1; i <= 5; i++) expect(await attempt(i)).toBe('Wrong email or password.');
    expect(await attempt(6)).toMatch(/^Too many failed sign-in attempts/);
  });

  test('admin pages and APIs require a session', async ({ page, request }) => {
    await page.goto('/admin/springfield/members');
    await expect(page).toHaveURL(/\/login/);
    const res = await request.get('/api/orgs/springfield/members');
    expect(res.status()).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in to continue.' } });
  });
});

test.describe('roles', () => {
  test('staff is refused the audit log and the member list, page and API', async ({ page }) => {
    await signIn(page, DEMO.staff);
    await expect(page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await page.goto('/admin/springfield/audit');
    await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
    const api = await page.request.get('/api/orgs/springfield/members');
    expect(api.status()).toBe(403);
  });

  test('a customer admin sees the member list; no one sees another organization', async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.getByRole('link', { name: 'Members' }).click();
    await expect(page.getByRole('cell', { name: DEMO.manager.email, exact: true })).toBeVisible();
    const api = await page.request.get('/api/orgs/springfield/members');
    expect(api.status()).toBe(200);
    const other = await page.request.get('/api/orgs/shelbyville/members');
    expect(other.status()).toBe(404);
    const page404 = await page.goto('/admin/shelbyville');
    expect(page404?.status()).toBe(404);
  });
});
