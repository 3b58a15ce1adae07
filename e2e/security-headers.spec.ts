import { expect, test, type APIResponse } from '@playwright/test';
import { DEMO, signIn } from './support/login';

const nonceOf = (csp: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1] ?? null;

function expectCommonHeaders(res: APIResponse): void {
  const h = res.headers();
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  // Served over plain http here (NEXTAUTH_URL http://localhost): no HSTS, no upgrade.
  expect(h['strict-transport-security']).toBeUndefined();
  expect(h['content-security-policy']).not.toContain('upgrade-insecure-requests');
}

test('every page carries a nonce-based policy with a fresh nonce per request, which Next puts on its scripts', async ({ request }) => {
  const nonces: string[] = [];
  for (const path of ['/login', '/login', '/report/springfield', '/', '/no-such-page']) {
    const res = await request.get(path, { maxRedirects: 0 });
    expectCommonHeaders(res);
    const csp = res.headers()['content-security-policy']!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
    const nonce = nonceOf(csp)!;
    nonces.push(nonce);
    if (res.status() === 200 || res.status() === 404) {
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      // Every script the server sent carries this request's nonce.
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
  }
  expect(new Set(nonces).size).toBe(nonces.length);
});

test('API answers and Open311 carry the headers too', async ({ request }) => {
  for (const path of ['/api/health', '/api/public/orgs/springfield/categories?lat=39.8&lng=-89.65', '/api/orgs/springfield/issues', '/api/no-such-route', '/open311/v2/springfield/services.json']) {
    const res = await request.get(path, { maxRedirects: 0 });
    expectCommonHeaders(res);
    if (path.startsWith('/api/')) expect(res.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox");
  }
});

test('in Chromium an injected inline script or handler without the nonce is blocked, while the app itself runs', async ({ page }) => {
  // Inject into the real server's HTML (its real headers kept), as a stored XSS would.
  await page.route('**/login', async (route) => {
    const res = await route.fetch();
    const nonce = nonceOf(res.headers()['content-security-policy'] ?? '');
    expect(nonce).not.toBeNull();
    const html = (await res.text()).replace(
      '<body>',
      `<body><script>window.__inline = 1</script><img src="data:," alt="" onload="window.__handler = 1"><script nonce="${nonce}">window.__nonced = 1</script>`,
    );
    await route.fulfill({ response: res, body: html });
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.effectiveDirective));
  });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto('/login');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice().sort())).toEqual(['script-src-attr', 'script-src-elem']);
  const ran = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return { inline: w.__inline ?? null, handler: w.__handler ?? null, nonced: w.__nonced ?? null };
  });
  expect(ran).toEqual({ inline: null, handler: null, nonced: 1 });
  expect(consoleErrors.some((t) => /Content Security Policy/.test(t))).toBe(true);
  await page.unroute('**/login');

  // The app's own (nonced) scripts run: signing in is client-side.
  await signIn(page, DEMO.staff);
});

test("the app's own pages, maps included, run under the policy without a single violation", async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  await signIn(page, DEMO.manager);
  expect(await violations()).toEqual([]);
  const { id: integrationId } = (await (await page.request.get('/api/orgs/springfield/integrations')).json()) as { id: string };
  const pages: { path: string; ready: () => Promise<void> }[] = [
    { path: '/admin/springfield/issues', ready: async () => {
      await page.getByLabel('Map').check();
      await expect(page.getByTestId('issues-map').locator('.leaflet-map-pane')).toBeAttached();
    } },
    { path: '/admin/springfield/agencies', ready: () => expect(page.getByTestId('agencies-map').locator('.leaflet-map-pane')).toBeAttached() },
    { path: '/admin/springfield/integrations', ready: () => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
    { path: '/admin/springfield', ready: () => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
    { path: '/admin/springfield/members', ready: () => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
    { path: '/admin/springfield/sync', ready: () => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
    { path: `/admin/springfield/sync/${integrationId}`, ready: () => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
    { path: '/admin/springfield/request-types', ready: () => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
    { path: '/admin/springfield/audit', ready: () => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
    { path: '/report/springfield', ready: () => expect(page.getByTestId('report-map').locator('.leaflet-map-pane')).toBeAttached() },
  ];
  for (const p of pages) {
    await page.goto(p.path);
    await p.ready();
    expect(await violations(), p.path).toEqual([]);
  }
});
