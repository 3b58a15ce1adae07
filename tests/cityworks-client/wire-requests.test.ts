import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import type { CityworksVersion } from '@/lib/cityworks';
import { API_USER, callsTo, makeClient, tokenOf } from './support';

/**
 * Pins the exact request each dialect puts on the wire (method, path, content type, form fields,
 * auth header, the `data` JSON including our own OtherSystemId), as the back end receives it.
 */

const CREATE = {
  problemSid: 101,
  details: 'Streetlight out\nsince Monday',
  x: -89.6501,
  y: 39.7992,
  wkid: 4326,
  address: '700 S 6th St',
  otherSystemId: 'CB-000042',
  callerFirstName: 'Civic Bridge',
  callerLastName: 'Pat Reporter',
  callerEmail: 'pat@example.org',
  answers: [{ answerId: 5002 }, { answerId: 5005, answerValue: 'Near the school crossing' }],
  fields: { Text3: 'https://img.example/42.jpg' },
};

const CREATE_WIRE = {
  ProblemSid: 101,
  Text3: 'https://img.example/42.jpg',
  Details: 'Streetlight out\nsince Monday',
  X: -89.6501,
  Y: 39.7992,
  WKID: 4326,
  Address: '700 S 6th St',
  OtherSystemId: 'CB-000042',
  CallerFirstName: 'Civic Bridge',
  CallerLastName: 'Pat Reporter',
  CallerEmail: 'pat@example.org',
  Answers: [{ AnswerId: 5002 }, { AnswerId: 5005, AnswerValue: 'Near the school crossing' }],
};

const DIALECTS: { version: CityworksVersion; auth: string; module: string; header: boolean }[] = [
  { version: '2013', auth: '/cityworks/Services/AMS/Authentication/Authenticate', module: '/cityworks/Services/AMS', header: false },
  { version: '2014', auth: '/cityworks/Services/General/Authentication/Authenticate', module: '/cityworks/Services/Ams', header: false },
  { version: '15.8', auth: '/cityworks/Services/General/Authentication/Authenticate', module: '/cityworks/Services/Ams', header: false },
  { version: '23', auth: '/cityworks/Services/General/Authentication/Authenticate', module: '/cityworks/Services/Ams', header: true },
];

describe.each(DIALECTS)('wire requests, Cityworks $version', (dialect) => {
  let emu: CityworksEmulator;
  beforeAll(async () => {
    emu = await startCityworksEmulator({ version: dialect.version });
  });
  beforeEach(() => emu.reset());
  afterAll(() => emu.close());

  it('authenticates with a form-encoded POST carrying only data', async () => {
    const { client } = makeClient(emu, { version: dialect.version, online: false, user: API_USER });
    await client.authenticate();
    const [call] = emu.calls;
    expect(call).toMatchObject({ method: 'POST', path: dialect.auth, query: {} });
    expect(call!.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(Object.keys(call!.form)).toEqual(['data']);
    expect(JSON.parse(call!.form.data!)).toEqual({ LoginName: 'api311', Password: 'Springfield!311' });
    expect(call!.headers.authorization).toBeUndefined();
  });

  it('creates a service request with the exact data, token placement and our OtherSystemId', async () => {
    const { client } = makeClient(emu, { version: dialect.version, online: false, user: API_USER });
    await client.serviceRequests.create(CREATE);
    const call = callsTo(emu, 'ServiceRequest/Create')[0]!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe(`${dialect.module}/ServiceRequest/Create`);
    expect(call.query).toEqual({});
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(JSON.parse(call.form.data!)).toEqual(CREATE_WIRE);
    const token = tokenOf(call)!;
    // The token is the one Cityworks issued for this user (it decodes to its login).
    expect(JSON.parse(Buffer.from(token, 'base64').toString('utf8')).LoginName).toBe('API311');
    if (dialect.header) {
      expect(Object.keys(call.form)).toEqual(['data']);
      expect(call.headers.authorization).toBe(`cityworks ${token}`);
    } else {
      expect(Object.keys(call.form).sort()).toEqual(['data', 'token']);
      expect(call.headers.authorization).toBeUndefined();
    }
  });

  it('sends ByIds, Search, Close and Cancel with the documented keys', async () => {
    const { client } = makeClient(emu, { version: dialect.version, online: false, user: API_USER });
    const sr = await client.serviceRequests.create({ problemSid: 101, otherSystemId: 'CB-7' });
    await client.serviceRequests.byIds([sr.requestId]);
    await client.serviceRequests.search({ status: ['OPEN'], dateTimeInitBegin: new Date('2026-05-01T13:00:00Z'), closed: false });
    await client.serviceRequests.close([sr.requestId]);
    await client.workOrders.byIds(['250001']);
    await client.workOrders.search({ status: ['OPEN'], canceled: false });
    const data = (service: string) => callsTo(emu, service).map((c) => c.data);
    expect(data('ServiceRequest/ByIds')).toEqual([{ RequestIds: [sr.requestId] }]);
    // Dates go out as server-local wall time without an offset (UTC server here).
    expect(data('ServiceRequest/Search')).toEqual([{ Status: ['OPEN'], Closed: false, DateTimeInitBegin: '2026-05-01T13:00:00' }]);
    expect(data('ServiceRequest/Close')).toEqual([{ RequestIds: [sr.requestId] }]);
    expect(data('WorkOrder/ByIds')).toEqual([{ WorkOrderIds: ['250001'] }]);
    expect(data('WorkOrder/Search')).toEqual([{ Status: ['OPEN'], Canceled: false }]);
  });

  it('uploads an attachment as multipart with data, file and (before 23) token', async () => {
    const { client } = makeClient(emu, { version: dialect.version, online: false, user: API_USER });
    const sr = await client.serviceRequests.create({ problemSid: 101 });
    await client.attachments.addRequestAttachment(sr.requestId, { bytes: new Uint8Array([1, 2, 3]), filename: 'pothole.jpg', contentType: 'image/jpeg', comments: 'citizen photo' });
    const call = callsTo(emu, 'Attachments/AddRequestAttachment')[0]!;
    expect(call.path).toBe(`${dialect.module}/Attachments/AddRequestAttachment`);
    expect(call.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(JSON.parse(call.form.data!)).toEqual({ RequestId: sr.requestId, Filename: 'pothole.jpg', Comments: 'citizen photo' });
    expect(call.files).toEqual([{ field: 'file', filename: 'pothole.jpg', size: 3, contentType: 'image/jpeg' }]);
    expect(Object.keys(call.form).sort()).toEqual(dialect.header ? ['data'] : ['data', 'token']);
    expect(Boolean(call.headers.authorization)).toBe(dialect.header);
  });
});

describe('base URL forms', () => {
  let emu: CityworksEmulator;
  beforeAll(async () => {
    emu = await startCityworksEmulator({ version: '15.8' });
  });
  afterAll(() => emu.close());

  it.each([
    ['the site', (u: string) => u],
    ['the site with a trailing slash', (u: string) => `${u}/`],
    ['the vendor form /Services/AMS', (u: string) => `${u}/Services/AMS`],
    ['a lower-case /services/ams/ with a query', (u: string) => `${u}/services/ams/?x=1`],
    ['/Services only', (u: string) => `${u}/Services`],
  ])('accepts %s', async (_label, form) => {
    emu.reset();
    const { client } = makeClient(emu, { version: '15.8', online: false, user: API_USER }, { baseUrl: form(emu.url) });
    expect(client.baseUrl).toBe(emu.url);
    await client.serviceRequests.statuses();
    expect(emu.calls.map((c) => c.path)).toEqual([
      '/cityworks/Services/General/Authentication/Authenticate',
      '/cityworks/Services/Ams/ServiceRequest/Statuses',
    ]);
  });
});
