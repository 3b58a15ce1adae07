import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { encodeUtf8, writeDbf, writeShp, writeZip, type XY } from '../tests/fixtures/geo/shapefile-writer';
import { DEMO_CITYWORKS_STAFF, syncNow } from './support/demo-integration';
import { DEMO, signIn } from './support/login';
import { pothole } from './support/pothole';
import { packed, PAYLOADS, type Payload } from './support/xss-payloads';

/**
 * Untrusted text is text, everywhere. The corpus (support/xss-payloads.ts) goes in through every
 * way text enters the product: the public report form (summary, description, answers, name,
 * address), Open311, Service Requests and public comments created in Cityworks (imported by the
 * request import and the poll), agency names, a shapefile's file names and attribute values, and the
 * integration's acknowledgment and closing messages. Then every page that shows them is opened in
 * Chromium, every map shape hovered so its tooltip renders, and the test fails if any payload ran.
 *
 * Detection does not rely on the Content-Security-Policy: the contexts bypass it, so a payload that
 * reached the DOM as markup would really run (it calls `__xss(id)`, bound to the test, or opens a
 * dialog). Each page's DOM is also searched for anything a payload could have created (event-handler
 * attributes, javascript: URLs, frames, objects), which catches handlers that would only run later.
 * And each page must show the payloads as text, so the test proves the data reached the page.
 */

const CW_STAFF = DEMO_CITYWORKS_STAFF;
const TEXTS = PAYLOADS.map((p) => p.text);
// Inside the Streets agency pothole() draws (downtown).
const REPORT_POINT = { lat: '39.7990', lng: '-89.6500' };
const OPEN311_POINT = { lat: '39.8100', lng: '-89.6600' };
const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]';

interface Hit {
  what: string;
  url: string;
}

/** One small square per payload, south-west of downtown, for its agency and its Cityworks request. */
function cell(i: number): { ring: XY[]; center: { lat: number; lng: number } } {
  const x0 = -89.8 + (i % 7) * 0.015;
  const y0 = 39.6 + Math.floor(i / 7) * 0.015;
  // Clockwise (a shapefile exterior) and closed.
  return { ring: [[x0, y0], [x0, y0 + 0.01], [x0 + 0.01, y0 + 0.01], [x0 + 0.01, y0], [x0, y0]], center: { lat: y0 + 0.005, lng: x0 + 0.005 } };
}

async function guardedContext(browser: Browser, hits: Hit[]): Promise<BrowserContext> {
  // The CSP is bypassed on purpose (it is tested in security-headers.spec.ts): here the rendering
  // itself must keep text as text, so anything that slipped into the DOM as markup would run.
  const context = await browser.newContext({ bypassCSP: true });
  await context.exposeBinding('__xss', ({ frame }, id: unknown) => {
    hits.push({ what: `__xss(${String(id)})`, url: frame.url() });
  });
  context.on('page', (p) =>
    p.on('dialog', (d) => {
      hits.push({ what: `${d.type()}(${d.message()})`, url: p.url() });
      void d.dismiss();
    }),
  );
  return context;
}

/** What a payload could have created if it had been parsed as HTML. The app itself renders none of it. */
async function markupFromPayloads(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const URL_ATTRS = /^(href|src|srcdoc|srcset|action|formaction|data|xlink:href|style|content|background|poster|ping)$/i;
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      if (['iframe', 'frame', 'object', 'embed', 'base', 'math'].includes(tag)) bad.push(`<${tag}>`);
      // The server's scripts carry the request's nonce (Next's data scripts hold the payloads as
      // escaped JSON, which is fine); the client loads its chunks from /_next/. Any other script is not ours.
      if (tag === 'script') {
        // (An SVG <script> has no `src` property, only attributes.)
        const src = el.getAttribute('src') ?? el.getAttribute('href') ?? '';
        const fromNext = src !== '' && new URL(src, location.href).href.startsWith(`${location.origin}/_next/`);
        if (!(el as HTMLElement).nonce && !fromNext) bad.push(`<script src="${src}">${(el.textContent ?? '').slice(0, 200)}`);
      }
      if (tag === 'style' && /__xss|javascript:/i.test(el.textContent ?? '')) bad.push(`<style>${el.textContent ?? ''}`);
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) bad.push(`<${tag} ${a.name}="${a.value}">`);
        else if (URL_ATTRS.test(a.name) && /__xss|javascript:/i.test(a.value)) bad.push(`<${tag} ${a.name}="${a.value}">`);
      }
    }
    return bad;
  });
}

/** The page shows every one of `texts` as text (waiting for client-side data to arrive), and nothing ran. */
async function showsAsText(page: Page, texts: readonly string[], hits: Hit[]): Promise<void> {
  await expect
    .poll(async () => {
      const body = await page.evaluate(() => document.body.innerText);
      return texts.filter((t) => !body.includes(t));
    }, { message: `payload text missing on ${page.url()}` })
    .toEqual([]);
  expect(await markupFromPayloads(page), `markup created from payloads on ${page.url()}`).toEqual([]);
  expect(hits, 'payloads that ran').toEqual([]);
}

/**
 * Hovers every shape of a Leaflet map (Leaflet opens the tooltip on mouseover) and returns the
 * tooltips' text. The tooltips stay open, so the DOM check that follows sees all their contents.
 */
async function hoverEveryShape(page: Page, mapTestId: string, shapeSelector: string): Promise<string[]> {
  const shapes = page.getByTestId(mapTestId).locator(shapeSelector);
  await expect(shapes.first()).toBeAttached();
  const count = await shapes.count();
  for (let i = 0; i < count; i++) await shapes.nth(i).dispatchEvent('mouseover');
  const tooltips = page.getByTestId(mapTestId).locator('.leaflet-tooltip');
  await expect(tooltips).toHaveCount(count);
  return tooltips.allTextContents();
}

function expectEveryPayloadIn(texts: readonly string[], payloads: readonly Payload[], where: string): void {
  const missing = payloads.filter((p) => !texts.some((t) => t.includes(p.text))).map((p) => p.id);
  expect(missing, `payloads missing from ${where}`).toEqual([]);
}

async function issuesNow(api: APIRequestContext): Promise<{ number: number; summary: string; status: string }[]> {
  return ((await (await api.get('/api/orgs/springfield/issues?limit=1000')).json()) as { issues: { number: number; summary: string; status: string }[] }).issues;
}

test('untrusted text from every input stays text on every page that shows it', async ({ browser }) => {
  test.setTimeout(180_000);
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(30);
  const hits: Hit[] = [];
  const staffContext = await guardedContext(browser, hits);
  const page = await staffContext.newPage();
  await signIn(page, DEMO.manager);
  const api = page.request;
  const suffix = Date.now().toString(36);
  const { integrationId, categoryId } = await pothole(api, suffix);
  const half = Math.ceil(PAYLOADS.length / 2);
  const summaries = packed(PAYLOADS, 200);

  await test.step('agency names: one agency per payload, each with a square of geography', async () => {
    for (const [i, p] of PAYLOADS.entries()) {
      const created = await api.post('/api/orgs/springfield/agencies', { data: { name: p.text } });
      expect(created.status(), p.text).toBe(201);
      const { agency } = (await created.json()) as { agency: { id: string; name: string } };
      expect(agency.name).toBe(p.text);
      const polygon = { type: 'Polygon', coordinates: [cell(i).ring] };
      const saved = await api.put(`/api/orgs/springfield/agencies/${agency.id}/geography`, {
        multipart: { file: { name: 'square.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(polygon)) } },
      });
      expect(saved.status(), p.text).toBe(200);
    }
  });

  await test.step('integration messages: acknowledgment and closing, and the request import switched on', async () => {
    const { settings } = (await (await api.get('/api/orgs/springfield/integrations')).json()) as {
      settings: { switches: Record<string, boolean>; messages: Record<string, unknown> };
    };
    const data = {
      ...settings,
      switches: { ...settings.switches, importRequests: true },
      messages: {
        ...settings.messages,
        acknowledgment: TEXTS.slice(0, half).join(' '),
        closing: { default: TEXTS.slice(half).join(' '), byStatus: {} },
      },
    };
    expect((await api.put('/api/orgs/springfield/integrations/settings', { data })).status()).toBe(200);
  });

  let carrierSr = 0;
  await test.step('Cityworks: a Service Request per payload (description and details), and public comments on one of them', async () => {
    for (const [i, p] of PAYLOADS.entries()) {
      // Problem 109 is not public: no category of ours, so any agency containing the point takes it.
      const res = await api.post(`${CW_STAFF}/requests`, { data: { ProblemSid: 109, lon: cell(i).center.lng, lat: cell(i).center.lat, Details: p.text } });
      expect(res.ok(), await res.text()).toBe(true);
      const { RequestId } = (await res.json()) as { RequestId: number };
      expect((await api.post(`${CW_STAFF}/requests/${RequestId}/field`, { data: { field: 'Description', value: p.text } })).ok()).toBe(true);
      if (i === 0) carrierSr = RequestId;
    }
    for (const p of PAYLOADS) expect((await api.post(`${CW_STAFF}/requests/${carrierSr}/comments`, { data: { text: `To SCF: ${p.text}` } })).ok()).toBe(true);
  });

  const citizenContext = await guardedContext(browser, hits);
  const form = await citizenContext.newPage();
  let webNumber = 0;
  await test.step('the public report form: summary, description, answers, name and address', async () => {
    await form.goto('/report/springfield');
    await form.getByLabel('Latitude').fill(REPORT_POINT.lat);
    await form.getByLabel('Longitude').fill(REPORT_POINT.lng);
    await form.getByRole('button', { name: 'Use this location' }).click();
    await form.getByTestId('report-categories').getByRole('radio', { name: 'Pothole' }).check();
    const questions = form.getByTestId('report-questions');
    await questions.getByRole('group', { name: /How large is the pothole/ }).getByLabel('Larger than a dinner plate').check();
    await questions.getByRole('group', { name: /in a traffic lane/ }).getByLabel('Yes').check();
    await questions.getByLabel(/Anything else the crew should know/).fill(summaries[1]!);
    await questions.getByLabel(/Phone number for follow-up/).fill(summaries[2]!);
    await form.getByLabel('Summary').fill(summaries[0]!);
    await form.getByLabel('Description').fill(TEXTS.join(' '));
    await form.getByLabel(/^Address or landmark/).fill(summaries[3]!);
    await form.getByLabel(/^Your name/).fill(PAYLOADS[0]!.text);
    await form.getByRole('button', { name: 'Send report' }).click();
    await expect(form).toHaveURL(/\/report\/springfield\/issues\/\d+/);
    webNumber = Number(/issues\/(\d+)/.exec(form.url())![1]);
    await expect(form.getByRole('heading', { level: 1 })).toHaveText(`Issue #${webNumber}: ${summaries[0]}`);
    await showsAsText(form, [...TEXTS, summaries[1]!], hits);
  });

  let open311Number = 0;
  await test.step('Open311: description (its first line is the summary), names, address and attributes', async () => {
    const { form: reportForm } = (await (await form.request.get(`/api/public/orgs/springfield/issues/form?category=${categoryId}`)).json()) as {
      form: { questions: { id: string; format: string; options: { id: string }[] }[] };
    };
    const multipart: Record<string, string> = {
      service_code: categoryId,
      lat: OPEN311_POINT.lat,
      long: OPEN311_POINT.lng,
      description: `${summaries[4] ?? summaries[0]!}\n${TEXTS.join(' ')}`,
      first_name: PAYLOADS[1]!.text,
      last_name: PAYLOADS[2]!.text,
      address_string: PAYLOADS[3]!.text,
    };
    for (const q of reportForm.questions) {
      const choice = q.format !== 'FREETEXT' && q.format !== 'DATE' && q.options.length > 0;
      multipart[`attribute[${q.id}]`] = choice ? q.options[0]!.id : q.format === 'DATE' ? '2026-01-02' : summaries[5] ?? summaries[1]!;
    }
    const res = await form.request.post('/open311/v2/springfield/requests.json', { multipart });
    expect(res.status(), await res.text()).toBe(201);
    open311Number = Number(((await res.json()) as { service_request_id: string }[])[0]!.service_request_id);
  });

  await test.step('the shapefile upload: file names and attribute values', async () => {
    const name = `Shapes ${suffix}`;
    await page.goto('/admin/springfield/agencies');
    await page.getByLabel('New agency name').fill(name);
    await page.getByRole('button', { name: 'Add agency' }).click();
    await expect(page.getByRole('heading', { name: `Geography of ${name}` })).toBeVisible();
    // Zip entry names cannot hold "/": payloads without one name the files.
    const [zipName, baseName] = PAYLOADS.filter((p) => !p.text.includes('/')).map((p) => p.text);
    const { shp, shx } = writeShp(5, [{ kind: 'polygon', rings: [cell(PAYLOADS.length + 1).ring] }]);
    // One shape, a row per payload: the row count mismatch makes the report name the .dbf.
    const dbf = writeDbf([{ name: 'NAME', length: 160 }], TEXTS.map((t) => [t]), { languageDriver: 0x57, encode: encodeUtf8 });
    const zip = writeZip([
      { name: `${baseName}.shp`, data: shp },
      { name: `${baseName}.shx`, data: shx },
      { name: `${baseName}.dbf`, data: dbf },
      { name: `${baseName}.prj`, data: Buffer.from(WGS84_PRJ) },
    ]);
    await page.getByLabel('Geography file').setInputFiles({ name: `${zipName}.zip`, mimeType: 'application/zip', buffer: zip });
    await expect(page.getByTestId('upload-report')).toContainText(`${baseName}.dbf`);
    const tips = await hoverEveryShape(page, 'geography-map', 'path.geo-preview');
    await showsAsText(page, [`${baseName}.dbf`], hits);
    expect(tips.some((t) => t.includes(`${name} (new: ${zipName}.zip)`)), tips.join('\n')).toBe(true);
    await page.getByRole('button', { name: 'Save geography' }).click();
    await expect(page.getByRole('status')).toHaveText(`Geography saved for ${name}.`);
  });

  await test.step('the import and the poll bring the Cityworks requests, comments and the closing in', async () => {
    await expect
      .poll(async () => {
        await syncNow(api, integrationId, 'import-requests');
        const summaries = new Set((await issuesNow(api)).map((i) => i.summary));
        return TEXTS.filter((t) => !summaries.has(t)).length;
      }, { timeout: 45_000, message: 'Service Requests not imported' })
      .toBe(0);
    // Both reports reach Cityworks (acknowledged); the crew then closes the web report.
    await expect
      .poll(async () => (await issuesNow(api)).filter((i) => (i.number === webNumber || i.number === open311Number) && i.status === 'ACKNOWLEDGED').length, { timeout: 45_000 })
      .toBe(2);
    const srs = (await (await api.get(`${CW_STAFF}/requests`)).json()) as { RequestId: number; OtherSystemId?: string }[];
    const webSr = srs.find((r) => r.OtherSystemId === String(webNumber))!.RequestId;
    expect((await api.post(`${CW_STAFF}/requests/${webSr}/close`, { data: {} })).ok()).toBe(true);
    const carrier = (await issuesNow(api)).find((i) => i.summary === PAYLOADS[0]!.text)!.number;
    await expect
      .poll(async () => {
        await syncNow(api, integrationId, 'poll-updates');
        const closed = (await issuesNow(api)).find((i) => i.number === webNumber)?.status === 'CLOSED';
        const carrierView = (await (await api.get(`/api/public/orgs/springfield/issues/${carrier}`)).text());
        return closed && PAYLOADS.every((p) => carrierView.includes(JSON.stringify(p.text).slice(1, -1)));
      }, { timeout: 60_000, message: 'closing and public comments not polled' })
      .toBe(true);
  });

  const carrier = (await issuesNow(api)).find((i) => i.summary === PAYLOADS[0]!.text)!.number;

  await test.step('staff pages: issues list and map (every pin hovered), issue details', async () => {
    await page.goto('/admin/springfield/issues');
    await showsAsText(page, [...TEXTS, summaries[0]!], hits);
    await page.getByLabel('Map').check();
    const tips = await hoverEveryShape(page, 'issues-map', 'path.issue-marker');
    await showsAsText(page, [], hits);
    expectEveryPayloadIn(tips, PAYLOADS, 'the issues map tooltips');
    expect(tips.some((t) => t.includes(summaries[0]!))).toBe(true);

    await page.goto(`/admin/springfield/issues/${carrier}`);
    await showsAsText(page, TEXTS, hits);
    // Staff also see the reporter's name and the address.
    await page.goto(`/admin/springfield/issues/${webNumber}`);
    await showsAsText(page, [...TEXTS, summaries[1]!, summaries[2]!, summaries[3]!], hits);
    await page.goto(`/admin/springfield/issues/${open311Number}`);
    await showsAsText(page, TEXTS, hits);
  });

  await test.step('public pages: the issues with their comments and messages, and the report form', async () => {
    await form.goto(`/report/springfield/issues/${carrier}`);
    await showsAsText(form, TEXTS, hits);
    // Description, answer, acknowledgment (first half) and closing (second half).
    await form.goto(`/report/springfield/issues/${webNumber}`);
    await expect(form.getByTestId('issue-updates').locator('li[data-kind="CLOSING"]')).toHaveCount(1);
    await showsAsText(form, [...TEXTS, summaries[1]!], hits);
    await expect(form.getByTestId('issue-updates').locator('li[data-kind="ACKNOWLEDGMENT"]')).toContainText(TEXTS.slice(0, half).join(' '));
    await expect(form.getByTestId('issue-updates').locator('li[data-kind="CLOSING"]')).toContainText(TEXTS.slice(half).join(' '));
    await form.goto(`/report/springfield/issues/${open311Number}`);
    await showsAsText(form, TEXTS, hits);
    await form.goto('/report/springfield');
    await showsAsText(form, [], hits);
  });

  await test.step('configuration pages: agencies (every geography hovered), request types, integration, audit log, sync health', async () => {
    await page.goto('/admin/springfield/agencies');
    await showsAsText(page, TEXTS, hits);
    const tips = await hoverEveryShape(page, 'agencies-map', 'path.geo-agency');
    await showsAsText(page, [], hits);
    expectEveryPayloadIn(tips, PAYLOADS, 'the agencies map tooltips');

    await page.goto('/admin/springfield/request-types');
    // The agency pickers offer every name as an option's text (once the agencies have loaded).
    await expect
      .poll(async () => {
        const options = await page.locator('select option').allTextContents();
        return PAYLOADS.filter((p) => !options.includes(p.text)).map((p) => p.id);
      }, { message: 'payloads missing from the request types agency options' })
      .toEqual([]);
    await showsAsText(page, [], hits);

    await page.goto('/admin/springfield/integrations');
    // The message fields hold the payloads as their value.
    await expect.poll(() => page.locator('textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).toContain(TEXTS.slice(0, half).join(' '));
    await showsAsText(page, [], hits);

    await page.goto('/admin/springfield/audit');
    // The audit log shows the changes as JSON: payloads without quotes or backslashes read the same.
    await showsAsText(page, TEXTS.filter((t) => !/["\\]/.test(t)), hits);

    await page.goto('/admin/springfield/sync');
    await showsAsText(page, [], hits);
    await page.goto(`/admin/springfield/sync/${integrationId}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await showsAsText(page, [], hits);
  });

  expect(hits).toEqual([]);
  await citizenContext.close();
  await staffContext.close();
});
