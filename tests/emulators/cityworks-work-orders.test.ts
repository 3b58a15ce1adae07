import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { cwCall, cwLogin, type CwEnvelope } from '@/emulators/cityworks/testing';

type Rec = Record<string, unknown>;
let emu: CityworksEmulator;
let token: string;
const call = <T = Rec>(path: string, data: unknown) => cwCall<T>(emu.url, path, data, { token });

beforeAll(async () => {
  emu = await startCityworksEmulator();
});
beforeEach(async () => {
  emu.reset();
  token = await cwLogin(emu.url, 'api311', 'Springfield!311');
});
afterAll(() => emu.close());

async function upload(path: string, data: Rec, bytes: Buffer, filename: string, type: string, tokenWhere: 'form' | 'query' = 'form'): Promise<CwEnvelope<Rec>> {
  const fd = new FormData();
  fd.append('data', JSON.stringify(data));
  fd.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  if (tokenWhere === 'form') fd.append('token', token);
  const qs = tokenWhere === 'query' ? `?token=${encodeURIComponent(token)}` : '';
  const res = await fetch(`${emu.url}/Services/${path}${qs}`, { method: 'POST', body: fd });
  return (await res.json()) as CwEnvelope<Rec>;
}

describe('WorkOrder', () => {
  it('Create returns an array in a verified envelope, projected and linked to its request', async () => {
    const env = await call<Rec[]>('Ams/WorkOrder/Create', { WOTemplateId: '661', EntityType: 'WMAIN', X: -89.65, Y: 39.8, WKID: 4326, Address: '20207 TAILWIND LN', RequestIds: [10003], Comments: 'from SR' });
    expect(Object.keys(env)).toEqual(['WebServiceRequestId', 'Value', 'Status', 'Message', 'ErrorMessages', 'WarningMessages', 'SuccessMessages']);
    expect(Array.isArray(env.Value)).toBe(true);
    const wo = env.Value[0] ?? {};
    expect(wo).toMatchObject({ WorkOrderId: '250002', WorkOrderSid: 250002, WOTemplateId: '661', Description: 'Main Line Repair', Status: 'OPEN', WOAddress: '20207 TAILWIND LN', IsClosed: false, Cancel: false, DateWOClosed: '0001-01-01T00:00:00', Num1: -9999 });
    expect(wo.WOXCoordinate as number).toBeCloseTo(-9979792.35, 1);
    expect((await call<Rec>('Ams/ServiceRequest/ById', { RequestId: 10003 })).Value.WorkOrderId).toBe('250002');
    const moved = await call<Rec>('Ams/WorkOrder/Move', { WorkOrderId: '250002', X: -72.9279, Y: 41.3083, WKID: 4326 });
    expect(moved.Value.WOYCoordinate as number).toBeCloseTo(5057922.7498, 3);
    const missing = await call('Ams/WorkOrder/Create', { WOTemplateId: '661' });
    expect(missing).toMatchObject({ Status: 1, WebServiceRequestId: null });
  });

  it('ById, ByIds, Search (string ids), Close, Cancel, Statuses, Templates, AddComments', async () => {
    const created = (await call<Rec[]>('Ams/WorkOrder/Create', { WOTemplateId: '410', EntityType: 'TREE' })).Value[0] ?? {};
    const id = String(created.WorkOrderId);
    expect((await call<Rec>('Ams/WorkOrder/ById', { WorkOrderId: id })).Value.WOTemplateId).toBe('410');
    expect((await call<Rec[]>('Ams/WorkOrder/ByIds', { WorkOrderIds: ['250001', id] })).Value.map((w) => w.WorkOrderId)).toEqual(['250001', id]);
    expect((await call<string[]>('Ams/WorkOrder/Search', { WOTemplateId: ['410'] })).Value).toEqual([id]);
    expect((await call<Rec[]>('Ams/WorkOrder/Close', { WorkOrderIds: [id] })).Value[0]).toMatchObject({ IsClosed: true, Status: 'CLOSED', WOClosedBy: 'API, 311' });
    expect((await call<string[]>('Ams/WorkOrder/Search', { Closed: true })).Value).toEqual([id]);
    expect((await call('Ams/WorkOrder/Close', { WorkOrderIds: [id] })).Status).toBe(1);
    expect((await call<Rec[]>('Ams/WorkOrder/Cancel', { WorkOrderIds: ['250001'], CancelReason: 'dup' })).Value[0]).toMatchObject({ Cancel: true, CancelReason: 'dup' });
    expect((await call<string[]>('Ams/WorkOrder/Search', { Canceled: true })).Value).toEqual(['250001']);
    expect((await call<Rec[]>('Ams/WorkOrder/Statuses', {})).Value.map((s) => s.Code)).toContain('COMPLETE');
    const templates = await call<Rec[]>('Ams/WorkOrder/Templates', { EntityType: 'STREET' });
    expect(templates.Value.map((t) => t.WOTemplateId)).toEqual(['301', '302']);
    expect(Object.keys(templates.Value[0] ?? {})).toEqual(['WOTemplateId', 'Description', 'ApplyToEntity', 'WOCategory', 'DomainId', 'IsTemplateClass']);
    expect((await call('Ams/WorkOrder/Templates', {})).Status).toBe(1);
    // CanCreate: the templates this user may create from; none for a read-only user.
    expect((await call<Rec[]>('Ams/WorkOrder/Templates', { EntityType: 'STREET', CanCreate: true })).Value.map((t) => t.WOTemplateId)).toEqual(['301', '302']);
    const viewer = await cwLogin(emu.url, 'viewer', 'viewer');
    expect((await cwCall<Rec[]>(emu.url, 'Ams/WorkOrder/Templates', { EntityType: 'STREET', CanCreate: true }, { token: viewer })).Value).toEqual([]);
    expect((await cwCall<Rec[]>(emu.url, 'Ams/WorkOrder/Templates', { EntityType: 'STREET' }, { token: viewer })).Value).toHaveLength(2);
    expect((await call<string>('Ams/WorkOrder/AddComments', { WorkOrderId: id, Comments: 'To SCF: cut up' })).Value).toBe('To SCF: cut up');
    const comments = await call<Record<string, Rec[]>>('Ams/Comment/ByActivitySids', { ActivityType: 2, ActivitySids: [created.WorkOrderSid] });
    expect(comments.Value[String(created.WorkOrderSid)]?.[0]?.Comments).toBe('To SCF: cut up');
  });
});

describe('Attachments', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);

  it('AddRequestAttachment (multipart), RequestAttachments and DownloadRequestAttachment', async () => {
    const env = await upload('Ams/Attachments/AddRequestAttachment', { RequestId: 10001, Filename: 'photo.jpg', Comments: 'from the CRM' }, jpeg, 'upload.bin', 'image/jpeg');
    expect(env.Status).toBe(0);
    expect(env.Value).toMatchObject({ RequestId: 10001, Attachment: '10001\\photo.jpg', AttachmentType: 0, Comments: 'from the CRM', AttachedBy: 'API, 311' });
    expect(emu.calls.at(-1)?.files).toEqual([{ field: 'file', filename: 'upload.bin', size: jpeg.length, contentType: 'image/jpeg' }]);
    expect(emu.calls.at(-1)?.data).toMatchObject({ RequestId: 10001 });
    const viaQuery = await upload('Ams/Attachments/AddRequestAttachment', { RequestId: 10001 }, jpeg, 'second.jpg', 'image/jpeg', 'query');
    expect(viaQuery.Value.Attachment).toBe('10001\\second.jpg');
    const list = await call<Rec[]>('Ams/Attachments/RequestAttachments', { RequestIds: [10001] });
    expect(list.Value.map((a) => a.Id)).toEqual([env.Value.Id, viaQuery.Value.Id]);
    const res = await fetch(`${emu.url}/Services/Ams/Attachments/DownloadRequestAttachment?data=${encodeURIComponent(JSON.stringify({ AttachmentId: env.Value.Id }))}&token=${encodeURIComponent(token)}`);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
    const noFile = await call('Ams/Attachments/AddRequestAttachment', { RequestId: 10001 });
    expect(noFile.Status).toBe(1);
  });

  it('takes the upload token from the Authorization header too, and in 23 only from there', async () => {
    const send = (headers: Record<string, string>, withFormToken: boolean) => {
      const fd = new FormData();
      fd.append('data', JSON.stringify({ RequestId: 10002 }));
      fd.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'h.jpg');
      if (withFormToken) fd.append('token', token);
      return fetch(`${emu.url}/Services/Ams/Attachments/AddRequestAttachment`, { method: 'POST', body: fd, headers }).then((r) => r.json() as Promise<Rec>);
    };
    expect((await send({ authorization: `cityworks ${token}` }, false)).Status).toBe(0);
    emu.setVersion('23');
    try {
      expect((await send({}, true)).Status).toBe(2);
      expect((await send({ authorization: `cityworks ${token}` }, false)).Status).toBe(0);
    } finally {
      emu.setVersion('15.8');
    }
  });

  it('AddWorkOrderAttachment, WorkOrderAttachments and DownloadWorkOrderAttachment', async () => {
    const env = await upload('Ams/Attachments/AddWorkOrderAttachment', { WorkOrderId: '250001', Comments: 'before' }, Buffer.from('%PDF-1.4'), 'plan.pdf', 'application/pdf');
    expect(env.Value).toMatchObject({ WorkOrderId: '250001', WorkOrderSid: 250001, Attachment: '250001\\plan.pdf' });
    const list = await call<Rec[]>('Ams/Attachments/WorkOrderAttachments', { WorkOrderIds: ['250001'] });
    expect(list.Value).toHaveLength(1);
    const res = await fetch(`${emu.url}/Services/Ams/Attachments/DownloadWorkOrderAttachment?data=${encodeURIComponent(JSON.stringify({ AttachmentId: env.Value.Id }))}&token=${encodeURIComponent(token)}`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(await res.text()).toBe('%PDF-1.4');
    const gone = await call('Ams/Attachments/DownloadWorkOrderAttachment', { AttachmentId: 1 });
    expect(gone.Status).toBe(1);
  });
});
