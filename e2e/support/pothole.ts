import { expect, type APIRequestContext } from '@playwright/test';
import { pointAtDemoEmulator, syncNow } from './demo-integration';

/** The service area of the Streets agency pothole() creates: downtown Springfield. */
export const AREA = { type: 'Polygon', coordinates: [[[-89.7, 39.75], [-89.6, 39.75], [-89.6, 39.85], [-89.7, 39.85], [-89.7, 39.75]]] };

interface RequestTypeRow { id: string; name: string; source: string; agencyId: string | null }

/** The manager's set-up, as a person would do it: sync the categories and questions, draw the service area, assign Pothole. */
export async function pothole(api: APIRequestContext, suffix: string): Promise<{ integrationId: string; categoryId: string }> {
  const integrationId = await pointAtDemoEmulator(api);
  let categoryId = '';
  await expect
    .poll(async () => {
      await syncNow(api, integrationId, 'categories');
      const { requestTypes } = (await (await api.get('/api/orgs/springfield/request-types')).json()) as { requestTypes: RequestTypeRow[] };
      categoryId = requestTypes.find((r) => r.name === 'Pothole' && r.source === 'integrated')?.id ?? '';
      return categoryId;
    }, { timeout: 30_000 })
    .not.toBe('');
  const created = await api.post('/api/orgs/springfield/agencies', { data: { name: `Streets ${suffix}` } });
  expect(created.status()).toBe(201);
  const agencyId = ((await created.json()) as { agency: { id: string } }).agency.id;
  const saved = await api.put(`/api/orgs/springfield/agencies/${agencyId}/geography`, {
    multipart: { file: { name: 'streets.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(AREA)) } },
  });
  expect(saved.status()).toBe(200);
  expect((await api.patch(`/api/orgs/springfield/request-types/${categoryId}`, { data: { agencyId } })).status()).toBe(200);
  await expect
    .poll(async () => {
      await syncNow(api, integrationId, 'questions');
      const res = await api.get(`/api/public/orgs/springfield/issues/form?category=${categoryId}`);
      return ((await res.json()) as { form?: { questions: unknown[] } }).form?.questions.length ?? 0;
    }, { timeout: 30_000 })
    .toBe(4);
  return { integrationId, categoryId };
}

