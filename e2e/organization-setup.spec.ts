import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';

/**
 * A real city's setup, as an operator does it on a server: the org:create and operator:create
 * commands run against the running product's database (they join the embedded PostgreSQL that
 * scripts/run.ts started), and everything after is done in the browser. The demo organization
 * the e2e server seeds stays untouched; each run makes a new organization, the same path an
 * empty SEED=0 installation takes.
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

async function command(script: string, args: string[], baseURL: string): Promise<string> {
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts', script), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: '', NEXTAUTH_URL: baseURL },
  });
  const url = stdout.match(/https?:\/\/\S+\/set-password\/\S+/)?.[0];
  if (!url) throw new Error(`no link in the output:\n${stdout}`);
  return url;
}

async function setPassword(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is set.');
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(email);
}

const stamp = Date.now().toString(36);

test('a new city: org:create, the admin sets a password, adds a staff member, who sees only what staff may see', async ({ page, baseURL, browser }) => {
  const slug = `new-haven-${stamp}`;
  const admin = { email: `ann@${slug}.example`, password: 'harbour lights 1638' };
  const link = await command('org-create.ts', ['--name', 'City of New Haven', '--slug', slug, '--time-zone', 'America/New_York', '--center', '41.3083,-72.9279', '--admin-email', admin.email, '--admin-name', 'Ann Admin'], baseURL!);

  // A weak password is refused on the page, and the link still works afterwards.
  await page.goto(link);
  await expect(page.getByText(`Choose a password for ${admin.email}.`)).toBeVisible();
  await page.getByLabel('New password').fill('password1234');
  await page.getByLabel('Repeat the password').fill('password1234');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('This password is one of the most common passwords. Choose another.');
  await setPassword(page, link, admin.password);
  // The link is spent.
  await page.goto(link);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('This link has already been used. Ask your administrator for a new one.');

  await signIn(page, admin.email, admin.password);
  await expect(page).toHaveURL(new RegExp(`/admin/${slug}$`));
  await expect(page.getByTestId('role')).toHaveText('Customer admin');

  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Members' }).click();
  await expect(page.getByTestId('member-bot')).toContainText('Integration bot');
  await expect(page.getByTestId('member-bot')).toContainText('City of New Haven');
  const staff = { email: `sam@${slug}.example`, password: 'elm street oaks 1784' };
  await page.getByLabel('Name', { exact: true }).fill('Sam Staff');
  await page.getByLabel('Email').fill(staff.email);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Staff' });
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByTestId(`member-${staff.email}`)).toContainText('Invited (no password yet)');
  const staffLink = await page.getByTestId('set-password-link').getByLabel('Link').inputValue();
  expect(staffLink).toMatch(`${baseURL}/set-password/`);

  // The bot's name is edited in the member list.
  await page.getByLabel('Bot display name').fill('New Haven Public Works');
  await page.getByRole('button', { name: 'Save bot name' }).click();
  await expect(page.getByTestId('member-bot')).toContainText('New Haven Public Works');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  await setPassword(page, staffLink, staff.password);
  await signIn(page, staff.email, staff.password);
  await expect(page).toHaveURL(new RegExp(`/admin/${slug}$`));
  await expect(page.getByTestId('role')).toHaveText('Staff');
  const nav = page.getByRole('navigation', { name: 'Organization' });
  await expect(nav.getByRole('link', { name: 'Issues' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Members' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await page.goto(`/admin/${slug}/members`);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  expect((await page.request.get(`/api/orgs/${slug}/members`)).status()).toBe(403);
  expect((await page.request.post(`/api/orgs/${slug}/members`, { data: { name: 'X', email: `x@${slug}.example`, role: 'STAFF' } })).status()).toBe(403);
  // Nothing of another organization.
  expect((await page.request.get('/api/orgs/springfield/members')).status()).toBe(404);
  expect((await page.request.get('/operator')).ok()).toBe(true);
  await page.goto('/operator');
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page.getByRole('region', { name: 'Your organizations' })).toContainText('City of New Haven (Staff)');

  // Signed in on a second device too; a password change here ends that session, not this one.
  const otherDevice = await browser.newContext();
  try {
    const other = await otherDevice.newPage();
    await signIn(other, staff.email, staff.password);
    expect((await other.request.get(`/api/orgs/${slug}/issues`)).status()).toBe(200);
    const newPassword = 'maple avenue birch 2291';
    await page.getByLabel('Current password').fill(staff.password);
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Password changed.' })).toBeVisible();
    expect((await other.request.get(`/api/orgs/${slug}/issues`)).status()).toBe(401);
    await other.goto(`/admin/${slug}`);
    await expect(other).toHaveURL(/\/login/);
    expect((await page.request.get(`/api/orgs/${slug}/issues`)).status()).toBe(200);
    await signIn(other, staff.email, newPassword);
    expect((await other.request.get(`/api/orgs/${slug}/issues`)).status()).toBe(200);
  } finally {
    await otherDevice.close();
  }

  // The admin, in another browser, deactivates the staff member: their open session ends at once.
  const adminContext = await browser.newContext();
  try {
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, admin.email, admin.password);
    await adminPage.goto(`/admin/${slug}/members`);
    await adminPage.getByRole('button', { name: `Deactivate ${staff.email}` }).click();
    await expect(adminPage.getByTestId(`member-${staff.email}`)).toContainText('Deactivated');
  } finally {
    await adminContext.close();
  }
  expect((await page.request.get(`/api/orgs/${slug}/issues`)).status()).toBe(401);
  await page.goto(`/admin/${slug}`);
  await expect(page).toHaveURL(/\/login/);
});

test('an operator made with operator:create creates an organization on the operator page', async ({ page, baseURL }) => {
  const operator = { email: `olive-${stamp}@platform.example`, password: 'north star operator 9' };
  const link = await command('operator-create.ts', ['--email', operator.email, '--name', 'Olive Operator'], baseURL!);
  await setPassword(page, link, operator.password);
  await signIn(page, operator.email, operator.password);
  await page.getByRole('link', { name: 'Operator' }).click();
  await expect(page.getByRole('heading', { name: 'Create an organization' })).toBeVisible();

  const slug = `stamford-${stamp}`;
  const fill = async (s: string) => {
    await page.getByLabel('Organization name').fill('City of Stamford');
    await page.getByLabel('URL slug').fill(s);
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByLabel('Latitude').fill('41.0534');
    await page.getByLabel('Longitude').fill('-73.5387');
    await page.getByRole('group', { name: 'First customer admin' }).getByLabel('Name').fill('Stan Admin');
    await page.getByRole('group', { name: 'First customer admin' }).getByLabel('Email').fill(`stan@${slug}.example`);
    await page.getByRole('button', { name: 'Create organization' }).click();
  };
  await fill(slug);
  await expect(page.getByTestId('set-password-link').getByLabel('Link')).toHaveValue(new RegExp(`^${baseURL}/set-password/`));
  await fill(slug);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(`The URL slug "${slug}" is already taken. Choose another.`);
});
