import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { DEMO, signIn } from './support/login';
import { expectBasemapTiles } from './support/map';

// E Adams St downtown: both seeded agencies' categories are offered here.
const DOWNTOWN = { lat: '39.7999', lng: '-89.6485' };

test('the citizen report form passes axe-core in each state: empty, errors shown, category with questions, question errors, submitted', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/login');
  await expectNoAxeViolations(page, 'the sign-in page');

  await page.goto('/report/springfield');
  await expectBasemapTiles(page.getByTestId('report-map'));
  await expectNoAxeViolations(page, 'the empty report form (with its map)');

  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByTestId('report-error')).toHaveText('Please fix the fields marked below.');
  await expectNoAxeViolations(page, 'the report form with its errors shown');

  await page.getByLabel('Latitude').fill(DOWNTOWN.lat);
  await page.getByLabel('Longitude').fill(DOWNTOWN.lng);
  await page.getByRole('button', { name: 'Use this location' }).click();
  await page.getByTestId('report-categories').getByRole('radio', { name: 'Pothole' }).check();
  const questions = page.getByTestId('report-questions');
  await expect(questions.getByRole('group', { name: /How large is the pothole/ })).toBeVisible();
  await expectNoAxeViolations(page, 'the report form with a category and its questions');

  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(questions.getByText('This question needs an answer.')).toHaveCount(4);
  await expectNoAxeViolations(page, 'the report form with question errors');

  await questions.getByRole('group', { name: /How large is the pothole/ }).getByLabel('Smaller than a dinner plate').check();
  await questions.getByRole('group', { name: /in a traffic lane/ }).getByLabel('No').check();
  await questions.getByLabel(/Anything else the crew should know/).fill('By the curb');
  await questions.getByLabel(/Phone number for follow-up/).fill('217-555-0101');
  await page.getByLabel('Summary').fill('Pothole for the accessibility check');
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page).toHaveURL(/\/report\/springfield\/issues\/\d+\?new=1/);
  await expect(page.getByTestId('report-confirmation')).toBeVisible();
  await expectNoAxeViolations(page, 'the submitted issue page');
});

test('every admin page passes axe-core', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, DEMO.manager);
  await expectNoAxeViolations(page, 'the organization overview');
  const nav = page.getByRole('navigation', { name: 'Organization' });
  const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
  expect(links.length).toBeGreaterThanOrEqual(8);
  for (const href of links) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    if (href.endsWith('/agencies')) await expectBasemapTiles(page.getByTestId('agencies-map'));
    await expectNoAxeViolations(page, href);
  }
  // The staff issues map view, then an issue's staff page (the citizen test above filed one).
  await page.goto('/admin/springfield/issues');
  await page.getByRole('radio', { name: 'Map', exact: true }).check();
  await expectBasemapTiles(page.getByTestId('issues-map'));
  await expectNoAxeViolations(page, 'the staff issues map');
  await page.getByRole('radio', { name: 'List', exact: true }).check();
  await page.getByRole('link', { name: /^#\d+/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^Issue #\d+/ })).toBeVisible();
  await expectNoAxeViolations(page, 'an issue page');
});
