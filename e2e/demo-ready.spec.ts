import { expect, test } from '@playwright/test';

// E Adams St, one of the ArcGIS emulator's downtown Springfield addresses.
const DOWNTOWN = { lat: 39.7999, lng: -89.6485 };

interface FormQuestion { id: string; text: string; format: string; options: { id: string; label: string }[] }

/**
 * A fresh start, before anyone signs in or sets anything up: the seed has given the demo city its
 * agencies, service areas and synced categories, so a citizen report goes through at once.
 */
test('a fresh start takes a citizen report with no set-up', async ({ request }) => {
  const res = await request.get(`/api/public/orgs/springfield/categories?lat=${DOWNTOWN.lat}&lng=${DOWNTOWN.lng}`);
  expect(res.status()).toBe(200);
  const { categories } = (await res.json()) as { categories: { id: string; name: string }[] };
  expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Pothole', 'Graffiti', 'Tree Down']));
  const pothole = categories.find((c) => c.name === 'Pothole')!;

  const formRes = await request.get(`/api/public/orgs/springfield/issues/form?category=${pothole.id}`);
  const { form } = (await formRes.json()) as { form: { questions: FormQuestion[] } };
  expect(form.questions).toHaveLength(4);
  const answers = Object.fromEntries(form.questions.map((q) => [q.id, q.options.length > 1 ? q.options[0]!.id : 'From the demo']));

  const created = await request.post('/api/public/orgs/springfield/issues', {
    multipart: { report: JSON.stringify({ requestTypeId: pothole.id, ...DOWNTOWN, summary: 'Pothole on Adams', answers }) },
  });
  expect(created.status()).toBe(201);
  const { issue } = (await created.json()) as { issue: { number: number } };
  expect(issue.number).toBeGreaterThan(0);
});
