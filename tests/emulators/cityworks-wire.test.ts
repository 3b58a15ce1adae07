import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { cwCall, cwFetch, cwLogin } from '@/emulators/cityworks/testing';
import { parseLenientJson } from '@/emulators/cityworks/lenient-json';

let emu: CityworksEmulator;
let token: string;
beforeAll(async () => {
  emu = await startCityworksEmulator();
});
beforeEach(async () => {
  emu.reset();
  token = await cwLogin(emu.url, 'api311', 'Springfield!311');
});
afterAll(() => emu.close());

type Rec = Record<string, unknown>;

describe('lenient data', () => {
  it('parses single quotes, unquoted keys, trailing commas and escapes', () => {
    expect(parseLenientJson(`{'LoginName':'x', Ids:[1,2,], "q":"a\\"b", 'it\\'s': null}`)).toEqual({ LoginName: 'x', Ids: [1, 2], q: 'a"b', "it's": null });
    expect(() => parseLenientJson('{"a":')).toThrow();
  });

  it('accepts the South Bend single-quote login over the wire', async () => {
    const env = await cwCall(emu.url, 'General/Authentication/Authenticate', undefined, { rawData: "{'LoginName':'api311','Password':'Springfield!311'}" });
    expect(env.Status).toBe(0);
  });

  it('matches camelCase keys and coerces numeric and boolean strings (Raleigh style)', async () => {
    const env = await cwCall<Rec>(emu.url, 'Ams/ServiceRequest/Create', {
      problemSid: '101', callerAddress: '12 ELM ST', x: '-9979000.5', y: '4838000.25', details: 'camel', wONeeded: 'true',
    }, { token });
    expect(env.Status).toBe(0);
    expect(env.Value).toMatchObject({ ProblemSid: 101, ProblemCode: 'POTHOLE', SRX: -9979000.5, SRY: 4838000.25, Details: 'camel', WONeeded: true });
    const problems = await cwCall<Rec[]>(emu.url, 'Ams/ServiceRequest/Problems', { ForPublicOnly: 'true' }, { token });
    expect(problems.Value.length).toBe(8);
  });

  it('accepts the three request date forms and answers in server-local time without a zone', async () => {
    const instant = '2024-05-01T13:00:00.000Z';
    const d = new Date(instant);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00:00`;
    const cases: [string, string][] = [[instant, local], ['2021-12-11T00:00:00', '2021-12-11T00:00:00'], ['2024-05-01', '2024-05-01T00:00:00']];
    for (const [sent, stored] of cases) {
      const env = await cwCall<Rec>(emu.url, 'Ams/ServiceRequest/Create', { ProblemSid: 102, DateTimeInit: sent, Date1: sent }, { token });
      expect(env.Value.DateTimeInit).toBe(stored);
      expect(env.Value.Date1).toBe(stored);
    }
  });

  it('refuses data that is not JSON at all with Status 1', async () => {
    const env = await cwCall(emu.url, 'Ams/ServiceRequest/Create', undefined, { token, rawData: '{ProblemSid:' });
    expect(env.Status).toBe(1);
    expect(env.ErrorMessages?.[0]?.Name).toBe('InvalidField');
  });
});

describe('transport', () => {
  it('matches paths case-insensitively and takes data on GET, POST query and POST form', async () => {
    const get = await cwCall<Rec>(emu.url, 'ams/servicerequest/byid', { RequestId: 10001 }, { token, method: 'GET' });
    const post = await cwCall<Rec>(emu.url, 'AMS/ServiceRequest/ById', { RequestId: 10001 }, { token, method: 'POST' });
    const form = await cwCall<Rec>(emu.url, 'Ams/ServiceRequest/ById', { RequestId: 10001 }, { token, via: 'form' });
    for (const env of [get, post, form]) expect(env.Value.RequestId).toBe(10001);
    const lowerServices = await fetch(`${emu.url.replace('/cityworks', '/CityWorks')}/services/Ams/ServiceRequest/ById?data=${encodeURIComponent('{"RequestId":10001}')}&token=${encodeURIComponent(token)}`);
    expect(((await lowerServices.json()) as Rec).Status).toBe(0);
    expect(emu.calls.map((c) => c.service).slice(-4)).toEqual(Array(4).fill('ServiceRequest/ById'));
    expect(emu.calls.at(-2)?.form.data).toBe('{"RequestId":10001}');
    expect(emu.calls.at(-2)?.data).toEqual({ RequestId: 10001 });
  });

  it('answers an unknown service with an IIS 404 page', async () => {
    const res = await cwFetch(emu.url, 'Ams/ServiceRequest/NoSuchMethod', {}, { token });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<h2>404 - File or directory not found.</h2>');
    expect(emu.calls.at(-1)).toMatchObject({ service: 'Ams/ServiceRequest/NoSuchMethod', status: 404 });
  });
});

describe('envelope and null conventions', () => {
  it('returns the exact envelope and .NET nulls on a fresh request', async () => {
    const env = await cwCall<Rec>(emu.url, 'Ams/ServiceRequest/Create', { ProblemSid: 103 }, { token });
    expect(Object.keys(env)).toEqual(['Value', 'Status', 'Message', 'ErrorMessages', 'WarningMessages', 'SuccessMessages']);
    expect(env).toMatchObject({ Status: 0, Message: null, ErrorMessages: [], WarningMessages: [], SuccessMessages: [] });
    const r = env.Value;
    expect(r.DateTimeClosed).toBe('0001-01-01T00:00:00');
    expect(r.DateCancelled).toBe('0001-01-01T00:00:00');
    expect(r.Num1).toBe(-9999);
    expect(r.SRX).toBe(-9999);
    expect(r.ClosedBy).toBe('');
    expect(r.Text20).toBe('');
    expect(r.DateTimeInit).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(Object.values(r).some((v) => v === null)).toBe(false);
    expect(r).toMatchObject({ Status: 'OPEN', IsClosed: false, Cancel: false, InitiatedBy: 'API, 311', InitiatedBySid: 5, SubmitTo: 'Smith, Jo', SubmitToSid: 17 });
  });

  it('errors come as HTTP 200, Status 1, with the SDK message item', async () => {
    const res = await cwFetch(emu.url, 'Ams/ServiceRequest/ById', { RequestId: 1 }, { token });
    expect(res.status).toBe(200);
    const env = (await res.json()) as Rec;
    expect(env).toEqual({
      Value: null, Status: 1, Message: 'Invalid request id 1', WarningMessages: [], SuccessMessages: [],
      ErrorMessages: [{ Code: 2, Name: 'InvalidRequestId', DisplayText: 'Invalid request id 1', DebugDetails: null, MessageType: 2, Service: 'ServiceRequest', InnerMessage: null }],
    });
  });

  it('Ams/Preferences/User uses the short envelope and gives the site WKID', async () => {
    const env = await cwCall<Rec>(emu.url, 'Ams/Preferences/User', {}, { token });
    expect(Object.keys(env)).toEqual(['Status', 'Message', 'Value']);
    expect(env.Value.SpatialReference).toBe(3857);
    const other = await startCityworksEmulator({ siteWkid: 2234 });
    try {
      const t = await cwLogin(other.url, 'api311', 'Springfield!311');
      expect((await cwCall<Rec>(other.url, 'Ams/Preferences/User', {}, { token: t })).Value.SpatialReference).toBe(2234);
    } finally {
      await other.close();
    }
  });
});
