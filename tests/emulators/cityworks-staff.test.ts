import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { cwCall, cwLogin } from '@/emulators/cityworks/testing';

type Rec = Record<string, unknown>;
let emu: CityworksEmulator;
let token: string;
const call = <T = Rec>(p: string, data: unknown) => cwCall<T>(emu.url, p, data, { token });
const staffPost = async (p: string, body: unknown): Promise<{ status: number; json: Rec }> => {
  const res = await fetch(`${emu.url}/_staff/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Rec };
};

beforeAll(async () => {
  emu = await startCityworksEmulator();
});
beforeEach(async () => {
  emu.reset();
  token = await cwLogin(emu.url, 'api311', 'Springfield!311');
});
afterAll(() => emu.close());

describe('staff HTTP API', () => {
  it('creates a request from lon/lat, visible through Search and ById in the site SR', async () => {
    const { status, json } = await staffPost('requests', { ProblemSid: 107, lon: -89.65, lat: 39.8, Address: '1 ELM ST', Details: 'Oak across the road' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ RequestId: 10004, InitiatedBy: 'Smith, Jo', InitiatedByApp: 'CWWEB', ProbAddress: '1 ELM ST' });
    expect(json.SRX as number).toBeCloseTo(-9979792.35, 1);
    expect((await call<number[]>('Ams/ServiceRequest/Search', { DateTimeInitBegin: '2000-01-01', ProblemSid: [107] })).Value).toEqual([10004]);
    const siteXY = await staffPost('requests', { ProblemSid: 101, X: -9979000, Y: 4838000 });
    expect([siteXY.json.SRX, siteXY.json.SRY]).toEqual([-9979000, 4838000]);
  });

  it('close, cancel, reopen, status and field changes show through the service API', async () => {
    expect((await staffPost('requests/10001/close', {})).json).toMatchObject({ IsClosed: true, ClosedBy: 'Smith, Jo' });
    expect((await call<Rec>('Ams/ServiceRequest/ById', { RequestId: 10001 })).Value).toMatchObject({ IsClosed: true, Status: 'CLOSED' });
    await staffPost('requests/10001/reopen', {});
    await staffPost('requests/10003/cancel', { reason: 'Duplicate' });
    await staffPost('requests/10001/status', { status: 'inprog' });
    await staffPost('requests/10001/field', { field: 'priority', value: '1' });
    await staffPost('requests/10001/field', { field: 'Text5', value: 'crew 4' });
    await staffPost('requests/10001/field', { field: 'SubmitTo', value: 20 });
    await staffPost('requests/10001/field', { field: 'Num1', value: '12.5' });
    const r = (await call<Rec>('Ams/ServiceRequest/ById', { RequestId: 10001 })).Value;
    expect(r).toMatchObject({ IsClosed: false, Status: 'INPROG', Priority: '1', Text5: 'crew 4', SubmitTo: 'Garcia, Maria', SubmitToSid: 20, Num1: 12.5 });
    expect((await call<Rec>('Ams/ServiceRequest/ById', { RequestId: 10003 })).Value).toMatchObject({ Cancel: true, CancelReason: 'Duplicate' });
    expect((await staffPost('requests/10001/field', { field: 'NoSuchField', value: 1 })).status).toBe(400);
    expect((await staffPost('requests/999/close', {})).status).toBe(404);
    expect((await staffPost('requests/10001/status', { status: 'BOGUS' })).status).toBe(400);
  });

  it('comments and attachments show through the service API', async () => {
    await staffPost('requests/10001/comments', { text: 'To SCF: Fixed today' });
    await staffPost('requests/10001/comments', { text: 'internal only' });
    expect((await call<string>('Ams/ServiceRequest/Comments', { RequestId: 10001 })).Value).toBe('Crew scheduled for this week\r\nTo SCF: Fixed today\r\ninternal only');
    const att = await staffPost('requests/10001/attachments', { filename: 'after.png', contentType: 'image/png', base64: Buffer.from('PNGDATA').toString('base64'), comment: 'To SCF: after' });
    expect(att.json).toMatchObject({ Attachment: '10001\\after.png', AttachedBy: 'Smith, Jo' });
    const list = await call<Rec[]>('Ams/Attachments/RequestAttachments', { RequestIds: [10001] });
    expect(list.Value.map((a) => a.Comments)).toEqual(['To SCF: after']);
    const dl = await fetch(`${emu.url}/Services/Ams/Attachments/DownloadRequestAttachment?data=${encodeURIComponent(JSON.stringify({ AttachmentId: list.Value[0]?.Id }))}&token=${encodeURIComponent(token)}`);
    expect(await dl.text()).toBe('PNGDATA');
  });

  it('work order actions show through the service API', async () => {
    await staffPost('workorders/250001/status', { status: 'COMPLETE' });
    await staffPost('workorders/250001/field', { field: 'Text2', value: 'asphalt' });
    await staffPost('workorders/250001/comments', { text: 'To SCF: patched' });
    await staffPost('workorders/250001/attachments', { filename: 'wo.jpg', contentType: 'image/jpeg', base64: 'AAEC' });
    expect((await call<Rec>('Ams/WorkOrder/ById', { WorkOrderId: '250001' })).Value).toMatchObject({ Status: 'COMPLETE', Text2: 'asphalt' });
    expect((await call<Rec[]>('Ams/Attachments/WorkOrderAttachments', { WorkOrderSids: [250001] })).Value).toHaveLength(1);
    await staffPost('workorders/250001/close', {});
    expect((await call<string[]>('Ams/WorkOrder/Search', { Closed: true })).Value).toEqual(['250001']);
    await staffPost('workorders/250001/reopen', {});
    await staffPost('workorders/250001/cancel', { reason: 'moved' });
    expect((await call<Rec>('Ams/WorkOrder/ById', { WorkOrderId: '250001' })).Value).toMatchObject({ Cancel: true, CancelReason: 'moved', IsClosed: false });
    const created = await staffPost('workorders', { WOTemplateId: '302', Address: '9 PINE ST' });
    expect(created.json).toMatchObject({ WorkOrderId: '250002', WOAddress: '9 PINE ST' });
  });

  it('lists records and serves the HTML page, whose forms redirect back', async () => {
    const list = (await (await fetch(`${emu.url}/_staff/requests`)).json()) as Rec[];
    expect(list.map((r) => r.RequestId)).toEqual([10001, 10002, 10003]);
    expect(((await (await fetch(`${emu.url}/_staff/workorders`)).json()) as Rec[]).map((w) => w.WorkOrderId)).toEqual(['250001']);
    const page = await fetch(`${emu.url}/_staff/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('/cityworks/_staff/requests/10001/close');
    expect(html).toContain('Pothole');
    const form = await fetch(`${emu.url}/_staff/requests/10001/comments`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=To+SCF%3A+from+the+page' });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/cityworks/_staff/');
    expect(emu.state.comments.at(-1)?.Comments).toBe('To SCF: from the page');
  });

  it('the in-process StaffActions do the same', async () => {
    const r = emu.staff.createRequest({ problemSid: 108, lon: -89.64, lat: 39.79 });
    emu.staff.addRequestComment(r.RequestId, 'To SCF: crew on site');
    emu.staff.closeRequest(r.RequestId);
    const env = await call<Rec>('Ams/ServiceRequest/ById', { RequestId: r.RequestId });
    expect(env.Value).toMatchObject({ IsClosed: true, ProblemCode: 'WATERLEAK' });
    expect(() => emu.staff.closeRequest(r.RequestId)).toThrow(/already closed/);
  });
});

describe('persistence', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cw-emu-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps records, ids and tokens across a restart with a state file', async () => {
    const file = path.join(dir, 'nested', 'state.json');
    const first = await startCityworksEmulator({ stateFile: file });
    const t = await cwLogin(first.url, 'api311', 'Springfield!311');
    const created = await cwCall<Rec>(first.url, 'Ams/ServiceRequest/Create', { ProblemSid: 101, OtherSystemId: 'KEEP-1' }, { token: t });
    await cwCall(first.url, 'Ams/ServiceRequest/AddComments', { RequestId: created.Value.RequestId, Comments: 'persisted' }, { token: t });
    first.staff.closeRequest(10001);
    await first.close();
    expect((JSON.parse(readFileSync(file, 'utf8')) as { requests: unknown[] }).requests).toHaveLength(4);

    const second = await startCityworksEmulator({ stateFile: file });
    try {
      const again = await cwCall<Rec>(second.url, 'Ams/ServiceRequest/ByOtherSystemId', { OtherSystemId: 'KEEP-1' }, { token: t });
      expect(again.Status).toBe(0);
      expect(again.Value.RequestId).toBe(created.Value.RequestId);
      expect((await cwCall<string>(second.url, 'Ams/ServiceRequest/Comments', { RequestId: created.Value.RequestId }, { token: t })).Value).toBe('persisted');
      expect((await cwCall<Rec>(second.url, 'Ams/ServiceRequest/ById', { RequestId: 10001 }, { token: t })).Value.IsClosed).toBe(true);
      const next = await cwCall<Rec>(second.url, 'Ams/ServiceRequest/Create', { ProblemSid: 101 }, { token: t });
      expect(next.Value.RequestId).toBe((created.Value.RequestId as number) + 1);
      second.reset();
      expect((JSON.parse(readFileSync(file, 'utf8')) as { requests: unknown[] }).requests).toHaveLength(3);
    } finally {
      await second.close();
    }
  });
});
