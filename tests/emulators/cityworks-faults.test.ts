import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator, type FaultRule, type RecordedCall } from '@/emulators/cityworks/server';
import { cwCall, cwFetch, cwLogin } from '@/emulators/cityworks/testing';
import { FaultRules } from '@/emulators/cityworks/faults';

type Rec = Record<string, unknown>;
let emu: CityworksEmulator;
let token: string;
let dir: string;
const root = () => emu.url.replace(/\/cityworks$/, '');
const create = (data: Rec = { ProblemSid: 101 }) => cwFetch(emu.url, 'Ams/ServiceRequest/Create', data, { token });
const setFault = async (rule: FaultRule): Promise<Response> =>
  fetch(`${root()}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cw-faults-'));
  emu = await startCityworksEmulator({ stateFile: path.join(dir, 'state.json') });
});
beforeEach(async () => {
  emu.reset();
  token = await cwLogin(emu.url, 'api311', 'Springfield!311');
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fault control API', () => {
  it('sets, lists and clears rules over HTTP, and refuses bad ones', async () => {
    expect((await setFault({ service: 'ServiceRequest/Create', kind: 'http500', times: 2 })).status).toBe(200);
    expect(await (await fetch(`${root()}/_emulator/faults`)).json()).toEqual([{ service: 'ServiceRequest/Create', kind: 'http500', times: 2 }]);
    expect((await setFault({ service: '*', kind: 'explode' as FaultRule['kind'] })).status).toBe(400);
    expect((await fetch(`${root()}/_emulator/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(emu.faults.list()).toEqual([]);
  });

  it('applies a rule `times` times to its service only, then behaves normally', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'http500', times: 2 });
    expect((await cwFetch(emu.url, 'Ams/ServiceRequest/ById', { RequestId: 10001 }, { token })).status).toBe(200);
    expect([(await create()).status, (await create()).status, (await create()).status]).toEqual([500, 500, 200]);
    expect(emu.state.requests).toHaveLength(4);
  });

  it('a rule with a probability hits the calls its draw picks, lets the others through to later rules, and marks the call it hit', async () => {
    const draws = [0.9, 0.1, 0.6, 0.2];
    const rules = new FaultRules(() => draws.shift() ?? 1);
    rules.set({ service: '*', kind: 'http500', probability: 0.5 });
    rules.set({ service: 'ServiceRequest/Create', kind: 'http503', times: 1 });
    expect(rules.take('ServiceRequest/Create')?.kind).toBe('http503'); // 0.9 spares the first rule
    expect(rules.take('ServiceRequest/ById')?.kind).toBe('http500'); // 0.1
    expect(rules.take('ServiceRequest/ById')).toBeUndefined(); // 0.6, and the 503 rule is used up
    expect(rules.take('ServiceRequest/ById')?.kind).toBe('http500'); // 0.2
    expect((await setFault({ service: '*', kind: 'http500', probability: 0 })).status).toBe(400);
    expect((await setFault({ service: '*', kind: 'http500', probability: 1.5 })).status).toBe(400);

    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'http500', times: 1, probability: 1 });
    expect((await create()).status).toBe(500);
    expect(emu.calls.map((c) => c.fault ?? null)).toEqual([null, 'http500']);
  });

  it('records calls, serves them over HTTP, and reset clears calls, faults and data', async () => {
    await create({ ProblemSid: 101, OtherSystemId: 'X-1' });
    const calls = (await (await fetch(`${root()}/_emulator/calls`)).json()) as RecordedCall[];
    expect(calls.map((c) => [c.service, c.status])).toEqual([['Authentication/Authenticate', 200], ['ServiceRequest/Create', 200]]);
    expect(calls[1]?.data).toEqual({ ProblemSid: 101, OtherSystemId: 'X-1' });
    expect(calls[1]?.query.token).toBe(token);
    emu.faults.set({ service: '*', kind: 'status1' });
    expect((await fetch(`${root()}/_emulator/reset`, { method: 'POST' })).status).toBe(200);
    expect([emu.calls.length, emu.faults.list().length, emu.state.requests.length]).toEqual([0, 0, 3]);
  });
});

describe('fault kinds', () => {
  it('latency delays, then answers normally', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'latency', latencyMs: 150, times: 1 });
    const t0 = performance.now();
    const res = await create();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(((await res.json()) as Rec).Status).toBe(0);
  });

  it('http503 carries Retry-After: 1', async () => {
    emu.faults.set({ service: '*', kind: 'http503', times: 1 });
    const res = await create();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(emu.state.requests).toHaveLength(3);
  });

  it('html-login answers 200 with the Forms-auth "Object moved" page', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'html-login', times: 1 });
    const res = await create();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<h2>Object moved to <a href="/cityworks/login.aspx?ReturnUrl=%2Fcityworks%2FServices%2FAms%2FServiceRequest%2FCreate">here</a>.</h2>');
  });

  it('html-error answers 500 with the ASP.NET error page', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'html-error', times: 1 });
    const res = await create();
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("Server Error in '/cityworks' Application.");
  });

  it('status1 and status2 answer with error envelopes and change nothing', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'status1', times: 1 });
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'status2', times: 1 });
    const one = (await (await create()).json()) as Rec;
    const two = (await (await create()).json()) as Rec;
    expect([one.Status, two.Status]).toEqual([1, 2]);
    expect(emu.state.requests).toHaveLength(3);
  });

  it('token-expired invalidates every current token until the client authenticates again', async () => {
    const other = await cwLogin(emu.url, 'SPRINGFIELD/cwsoa', 'Cw$oa2024');
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'token-expired', times: 1 });
    expect(((await (await create()).json()) as Rec).Status).toBe(2);
    expect((await cwCall(emu.url, 'Ams/ServiceRequest/Statuses', {}, { token: other })).Status).toBe(2);
    token = await cwLogin(emu.url, 'api311', 'Springfield!311');
    expect(((await (await create()).json()) as Rec).Status).toBe(0);
  });

  it('truncated applies the change and sends a cut JSON body', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'truncated', times: 1 });
    const res = await create({ ProblemSid: 101, OtherSystemId: 'TRUNC-1' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"Value":{"RequestId":10004')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(emu.state.requests.some((r) => r.OtherSystemId === 'TRUNC-1')).toBe(true);
  });

  it('lost-response applies and saves the change, then drops the connection', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'lost-response', times: 1 });
    await expect(create({ ProblemSid: 101, OtherSystemId: 'LOST-1' })).rejects.toThrow();
    const saved = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as { requests: { OtherSystemId: string }[] };
    expect(saved.requests.some((r) => r.OtherSystemId === 'LOST-1')).toBe(true);
    const found = await cwCall<Rec>(emu.url, 'Ams/ServiceRequest/ByOtherSystemId', { OtherSystemId: 'LOST-1' }, { token });
    expect(found.Value.RequestId).toBe(10004);
    expect(emu.calls.at(-2)).toMatchObject({ service: 'ServiceRequest/Create', status: 0 });
  });

  it('hang never answers; the client gives up, and close() still completes', async () => {
    const own = await startCityworksEmulator();
    const t = await cwLogin(own.url, 'api311', 'Springfield!311');
    own.faults.set({ service: '*', kind: 'hang' });
    const abort = new AbortController();
    const pending = fetch(`${own.url}/Services/Ams/ServiceRequest/Statuses?token=${encodeURIComponent(t)}`, { signal: abort.signal });
    const left = fetch(`${own.url}/Services/Ams/ServiceRequest/Problems?token=${encodeURIComponent(t)}`).catch((e: unknown) => e);
    await waitFor(() => own.calls.length === 3);
    abort.abort();
    await expect(pending).rejects.toThrow();
    await own.close();
    expect(await left).toBeInstanceOf(Error);
    expect(own.calls.slice(1).map((c) => c.status)).toEqual([0, 0]);
  });
});
