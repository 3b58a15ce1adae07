import { expect, test, type Locator, type Page } from '@playwright/test';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Presses Tab (only Tab) until `target` has the focus; fails if it is not reached in `max` presses. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `reached with Tab within ${max} presses`).toBeFocused();
}

test('the whole citizen journey works with the keyboard alone and is announced', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/report/springfield');

  // Address search: typed, Enter searches (its own form), the results are announced in a live region.
  const search = page.getByRole('searchbox', { name: 'Search an address' });
  await tabTo(page, search);
  await page.keyboard.type('301 E Adams St');
  await page.keyboard.press('Enter');
  const results = page.getByTestId('address-results');
  await expect(results).toHaveAttribute('aria-live', 'polite');
  const hit = results.getByRole('button', { name: /^301 E Adams St/ });
  await tabTo(page, hit);
  await page.keyboard.press('Enter');
  await expect(results.getByRole('status')).toHaveText(/^Pin placed at 301 E Adams St/);

  // Category: Tab into the radio group, arrows move the choice (as for any radio group).
  const categories = page.getByTestId('report-categories');
  await expect(categories).toHaveAttribute('aria-live', 'polite');
  const pothole = categories.getByRole('radio', { name: 'Pothole' });
  await tabTo(page, categories.getByRole('radio').first());
  for (let i = 0; i < 10 && !(await pothole.isChecked()); i++) await page.keyboard.press('ArrowDown');
  await expect(pothole).toBeChecked();
  await expect(pothole).toBeFocused();

  // Sending now: focus moves to the first question to answer, whose error is read with it.
  const questions = page.getByTestId('report-questions');
  const size = questions.getByRole('group', { name: /How large is the pothole/ });
  await expect(size).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Send report' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('report-error')).toHaveAttribute('role', 'alert');
  const firstChoice = size.getByRole('radio', { name: 'Smaller than a dinner plate' });
  await expect(firstChoice).toBeFocused();
  await expect(size).toHaveAccessibleDescription('This question needs an answer.');

  // Questions with the keyboard: Space picks a radio, Tab goes on to the next question.
  await page.keyboard.press('ArrowDown'); // "Larger than a dinner plate"
  await expect(size.getByRole('radio', { name: 'Larger than a dinner plate' })).toBeChecked();
  const lane = questions.getByRole('group', { name: /in a traffic lane/ });
  await tabTo(page, lane.getByRole('radio').first());
  await page.keyboard.press('Space');
  await expect(lane.getByRole('radio', { name: 'Yes' })).toBeChecked();
  await tabTo(page, questions.getByLabel(/Anything else the crew should know/));
  await page.keyboard.type('Keyboard only');
  await tabTo(page, questions.getByLabel(/Phone number for follow-up/));
  await page.keyboard.type('217-555-0102');

  // Sending again: the summary is the first field left, and it is focused with its error.
  await tabTo(page, page.getByRole('button', { name: 'Send report' }));
  await page.keyboard.press('Enter');
  const summary = page.getByLabel('Summary');
  await expect(summary).toBeFocused();
  await expect(summary).toHaveAccessibleDescription('Say in a few words what the problem is.');
  await page.keyboard.type('Pothole reported with the keyboard');

  // The photo: the file input opens the chooser from the keyboard.
  const photo = page.getByLabel(/^Photo/);
  await tabTo(page, photo);
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles({ name: 'pothole.png', mimeType: 'image/png', buffer: PNG });

  await tabTo(page, page.getByRole('button', { name: 'Send report' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/report\/springfield\/issues\/\d+\?new=1/);
  await expect(page.getByTestId('report-confirmation')).toHaveAttribute('role', 'status');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Issue #\d+: Pothole reported with the keyboard$/);
  await expect(page.getByTestId('issue-photo')).toBeVisible();
});

for (const [what, size] of [
  ['a 360-px-wide phone', { width: 360, height: 740 }],
  // 200% browser zoom on a 1280-px-wide window lays the page out in 640 CSS pixels.
  ['200% zoom', { width: 640, height: 400 }],
] as const) {
  test(`the report form fits ${what} without scrolling sideways`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('/report/springfield');
    await page.getByLabel('Latitude').fill('39.7999');
    await page.getByLabel('Longitude').fill('-89.6485');
    await page.getByRole('button', { name: 'Use this location' }).click();
    await page.getByTestId('report-categories').getByRole('radio', { name: 'Pothole' }).check();
    await expect(page.getByTestId('report-questions').getByRole('group', { name: /How large is the pothole/ })).toBeVisible();
    await page.getByRole('button', { name: 'Send report' }).click();
    await expect(page.getByTestId('report-error')).toBeVisible();
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    // Every control stays inside the viewport.
    const overflowing = await page.locator('input, select, textarea, button').evaluateAll((els, view) =>
      els.filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > view); }).map((el) => el.id || el.textContent),
    size.width);
    expect(overflowing).toEqual([]);
  });
}
