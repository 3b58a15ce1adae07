import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { handleOpen311 } from '@/lib/open311/handle';
import { clearCategoryIndexCache } from '@/lib/routing/categories-at-point';
import { startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';

let w: SyncWorld;
let slug: string;
const q: Record<string, string> = {};
const opt: Record<string, string> = {};
const INSIDE = { lat: '39.7990', long: '-89.6500' };

beforeAll(async () => {
  w = await startSyncWorld(db);
  slug = (await db.organization.findUniqueOrThrow({ where: { id: w.organizationId } })).slug;
  const ring = [[-89.7, 39.75], [-89.6, 39.75], [-89.6, 39.85], [-89.7, 39.85], [-89.7, 39.75]];
  const agency = await db.agency.create({
    data: { organizationId: w.organizationId, name: 'Streets', geography: { type: 'MultiPolygon', coordinates: [[ring]] }, bbox: [-89.7, 39.75, -89.6, 39.85], geographyUpdatedAt: new Date() },
  });
  await db.requestType.update({ where: { id: w.srTypeId }, data: { agencyId: agency.id } });
  const size = await db.question.create({
    data: {
      requestTypeId: w.srTypeId, remoteQuestionId: '1001', text: 'How large is the pothole?', sequence: 1, format: 'THISTEXT',
      options: { create: [{ remoteAnswerId: '5001', label: 'Small & shallow', format: 'THISTEXT', sequence: 1 }, { remoteAnswerId: '5002', label: 'Large', format: 'THISTEXT', sequence: 2 }] },
    },
    include: { options: true },
  });
  const notes = await db.question.create({ data: { requestTypeId: w.srTypeId, remoteQuestionId: '1003', text: 'Anything else?', sequence: 2, format: 'FREETEXT', options: { create: [{ remoteAnswerId: '5005', label: '', format: 'FREETEXT', sequence: 1 }] } } });
  const phone = await db.question.create({ data: { requestTypeId: w.srTypeId, remoteQuestionId: '1004', text: 'Phone number', sequence: 3, format: 'FREETEXT', isPrivate: true } });
  q.size = size.id;
  q.notes = notes.id;
  q.phone = phone.id;
  opt.small = size.options.find((o) => o.sequence === 1)!.id;
  clearCategoryIndexCache();
}, 30_000);
afterAll(async () => {
  await w?.close();
});

const call = (method: string, path: string, body?: Record<string, string>, query = '') =>
  handleOpen311(
    db,
    async () => w.boss,
    new Request(`http://localhost/open311/v2/${slug}/${path}${query}`, { method, ...(body ? { body: new URLSearchParams(body) } : {}) }),
    slug,
    path.split('/'),
  );

/** Tags balance and no raw `<` or bare `&` in text: enough to say a document is well-formed for these shapes. */
function assertWellFormedXml(xml: string) {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(at, m.index);
    expect(text).not.toMatch(/<|&(?!(amp|lt|gt|apos|quot);)/);
    at = tag.lastIndex;
    if (m[3]) continue;
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else stack.push(m[2]!);
  }
  expect(body.slice(at)).toBe('');
  expect(stack).toEqual([]);
}

const fullReport = () => ({
  service_code: w.srTypeId,
  ...INSIDE,
  description: 'Deep hole\nnear the crosswalk',
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.org',
  [`attribute[${q.size}]`]: opt.small!,
  [`attribute[${q.notes}]`]: 'By the bus stop',
  [`attribute[${q.phone}]`]: '217-555-0100',
  api_key: 'any',
});

describe('Open311 GeoReport v2', () => {
  it('lists the services an agency serves, in JSON and well-formed XML', async () => {
    const res = await call('GET', 'services.json');
    expect(res.status).toBe(200);
    const services = (await res.json()) as { service_code: string; service_name: string; metadata: boolean; group: string }[];
    // Street repair has no agency: it cannot be reported anywhere, so it is not offered.
    expect(services).toEqual([{ service_code: '101', service_name: 'Pothole', description: 'Pothole', metadata: true, type: 'realtime', group: 'Streets' }]);
    const xml = await (await call('GET', 'services.xml')).text();
    assertWellFormedXml(xml);
    expect(xml).toContain('<services><service><service_code>101</service_code><service_name>Pothole</service_name>');
  });

  it('describes a service with attributes from the synced questions, in order, escaped in XML', async () => {
    const def = (await (await call('GET', `services/${w.srTypeId}.json`)).json()) as { attributes: { code: string; datatype: string; required: boolean; order: number; values?: { key: string; name: string }[] }[] };
    expect(def.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      [q.size, 'singlevaluelist', true, 1],
      [q.notes, 'text', true, 2],
      [q.phone, 'text', true, 3],
    ]);
    expect(def.attributes[0]!.values).toEqual([{ key: opt.small, name: 'Small & shallow' }, { key: expect.any(String), name: 'Large' }]);
    const xml = await (await call('GET', `services/${w.srTypeId}.xml`)).text();
    assertWellFormedXml(xml);
    expect(xml).toContain('<name>Small &amp; shallow</name>');
  });

  it('an unknown service code is 404 in the spec error format, JSON and XML', async () => {
    const res = await call('GET', 'services/nope.json');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual([{ code: 404, description: 'Unknown service_code nope' }]);
    const post = await call('POST', 'requests.xml', { ...fullReport(), service_code: 'nope' });
    expect(post.status).toBe(404);
    const xml = await post.text();
    assertWellFormedXml(xml);
    expect(xml).toBe('<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>Unknown service_code nope</description></error></errors>');
  });

  it('a missing required attribute is 400 in the spec format and nothing is saved', async () => {
    const before = await db.issue.count({ where: { organizationId: w.organizationId } });
    const body: Record<string, string> = fullReport();
    delete body[`attribute[${q.notes}]`];
    const res = await call('POST', 'requests.json', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([{ code: 400, description: '"Anything else?" needs an answer' }]);
    const blank = await call('POST', 'requests.json', { ...fullReport(), [`attribute[${q.notes}]`]: '   ' });
    expect(blank.status).toBe(400);
    const badKey = await call('POST', 'requests.json', { ...fullReport(), [`attribute[${q.size}]`]: 'Huge' });
    expect(((await badKey.json()) as { description: string }[])[0]!.description).toContain('choose one of Small & shallow, Large');
    const noLat = await call('POST', 'requests.json', { service_code: w.srTypeId, long: '-89.65' });
    expect(await noLat.json()).toEqual([{ code: 400, description: 'lat is required' }]);
    const outside = await call('POST', 'requests.json', { ...fullReport(), lat: '41.0', long: '-73.0' });
    expect(outside.status).toBe(400);
    expect(await db.issue.count({ where: { organizationId: w.organizationId } })).toBe(before);
  });

  it('POST creates an OPEN311 issue that syncs like any other; GET shows it without private answers, filters by status and date', async () => {
    const res = await call('POST', 'requests.json', fullReport());
    expect(res.status).toBe(201);
    const [created] = (await res.json()) as { service_request_id: string }[];
    const number = Number(created!.service_request_id);
    const issue = await db.issue.findFirstOrThrow({ where: { number }, include: { answers: true } });
    expect(issue).toMatchObject({ source: 'OPEN311', summary: 'Deep hole', reporterName: 'Ada Lovelace', reporterEmail: 'ada@example.org', lat: 39.799, lng: -89.65 });
    expect(issue.answers.map((a) => a.value).sort()).toEqual(['217-555-0100', 'By the bus stop', 'Small & shallow']);
    await waitFor(async () => ((await db.issue.findUniqueOrThrow({ where: { id: issue.id } })).status === 'ACKNOWLEDGED' ? true : null), 20_000);
    expect(w.emu.state.requests.filter((r) => r.OtherSystemId === String(number))).toHaveLength(1);

    const one = (await (await call('GET', `requests/${number}.json`)).json()) as Record<string, unknown>[];
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ service_request_id: String(number), status: 'open', service_code: '101', service_name: 'Pothole', agency_responsible: 'Streets', lat: 39.799, long: -89.65 });
    expect(String(one[0]!.status_notes)).toContain(w.emu.state.requests.find((r) => r.OtherSystemId === String(number))!.RequestId.toString());
    const text = JSON.stringify(one);
    expect(text).not.toContain('ada@example.org');
    expect(text).not.toContain('217-555-0100');

    const open = (await (await call('GET', 'requests.json', undefined, `?status=open&service_code=${w.srTypeId}`)).json()) as { service_request_id: string }[];
    expect(open.map((r) => r.service_request_id)).toContain(String(number));
    const closed = (await (await call('GET', 'requests.json', undefined, '?status=closed')).json()) as unknown[];
    expect(closed).toEqual([]);
    const future = (await (await call('GET', 'requests.json', undefined, `?start_date=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`)).json()) as unknown[];
    expect(future).toEqual([]);
    const badDate = await call('GET', 'requests.json', undefined, '?start_date=yesterday');
    expect(badDate.status).toBe(400);
    const missing = await call('GET', 'requests/999999.xml');
    expect(missing.status).toBe(404);
    assertWellFormedXml(await missing.text());
    const xml = await (await call('GET', `requests/${number}.xml`)).text();
    assertWellFormedXml(xml);
    expect(xml).toContain(`<service_requests><request><service_request_id>${number}</service_request_id><status>open</status>`);
  });
});
