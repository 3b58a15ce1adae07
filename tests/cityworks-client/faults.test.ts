import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { classifyError } from '@/lib/sync/retry-classifier';
import { API_USER, VIEWER, callsTo, makeClient, rejection } from './support';

/** Every fault the emulator can inject yields the right typed error and retry decision. */
describe('fault classes', () => {
  let emu: CityworksEmulator;
  beforeAll(async () => {
    emu = await startCityworksEmulator({ version: '15.8' });
  });
  beforeEach(() => emu.reset());
  afterAll(() => emu.close());

  const client = (extra = {}) => makeClient(emu, { version: '15.8', online: false, user: API_USER }, extra);

  it('http500: retryable HTTP error', async () => {
    emu.faults.set({ service: 'ServiceRequest/ById', kind: 'http500', times: 1 });
    const { client: c, events } = client();
    const err = await rejection(c.serviceRequests.byId(10001));
    expect(err).toMatchObject({ kind: 'http', httpStatus: 500, retryable: true, operation: 'ServiceRequest/ById' });
    expect(classifyError(err)).toMatchObject({ retryable: true, errorClass: 'cityworks.http' });
    expect(events.at(-1)).toMatchObject({ operation: 'ServiceRequest/ById', outcome: 'error', httpStatus: 500, errorKind: 'http', attempt: 1 });
    // The fault was one-off: the same client succeeds next time without logging in again.
    expect((await c.serviceRequests.byId(10001)).requestId).toBe(10001);
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(1);
  });

  it('http503 with Retry-After: retryable and the wait is kept', async () => {
    emu.faults.set({ service: 'ServiceRequest/ById', kind: 'http503', times: 1 });
    const err = await rejection(client().client.serviceRequests.byId(10001));
    expect(err).toMatchObject({ kind: 'http', httpStatus: 503, retryable: true, retryAfterMs: 1000 });
    expect(classifyError(err)).toMatchObject({ retryable: true, retryAfterMs: 1000 });
    expect(err.reason).toMatch(/unavailable or overloaded.*wait 1 s/);
  });

  it('hang: a timeout after the client limit, retryable', async () => {
    emu.faults.set({ service: 'ServiceRequest/ById', kind: 'hang', times: 1 });
    const { client: c, events } = client({ timeoutMs: 300 });
    const started = performance.now();
    const err = await rejection(c.serviceRequests.byId(10001));
    const elapsed = performance.now() - started;
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
    expect(err.reason).toContain('300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5000);
    expect(events.at(-1)).toMatchObject({ outcome: 'error', errorKind: 'timeout' });
    expect(events.at(-1)!.httpStatus).toBeUndefined();
    expect(classifyError(err)).toMatchObject({ retryable: true, errorClass: 'cityworks.timeout' });
  });

  it('latency below the limit: succeeds and the CallEvent shows the latency', async () => {
    emu.faults.set({ service: 'ServiceRequest/Statuses', kind: 'latency', latencyMs: 120, times: 1 });
    const { client: c, events } = client({ timeoutMs: 5000 });
    await c.serviceRequests.statuses();
    const e = events.find((x) => x.operation === 'ServiceRequest/Statuses')!;
    expect(e.outcome).toBe('ok');
    expect(e.latencyMs).toBeGreaterThanOrEqual(115);
  });

  it('html-login: not Cityworks (Forms login redirect), not retryable', async () => {
    emu.faults.set({ service: 'ServiceRequest/ById', kind: 'html-login', times: 1 });
    const err = await rejection(client().client.serviceRequests.byId(10001));
    expect(err).toMatchObject({ kind: 'not-cityworks', bodyKind: 'login-redirect', retryable: false, httpStatus: 200 });
    expect(err.reason).toMatch(/login page/);
    expect(classifyError(err)).toMatchObject({ retryable: false, errorClass: 'cityworks.not-cityworks.login-redirect' });
  });

  it('html-error: not Cityworks (ASP.NET error page), retryable', async () => {
    emu.faults.set({ service: 'ServiceRequest/ById', kind: 'html-error', times: 1 });
    const err = await rejection(client().client.serviceRequests.byId(10001));
    expect(err).toMatchObject({ kind: 'not-cityworks', bodyKind: 'aspnet-error', retryable: true, httpStatus: 500 });
    expect(err.reason).toContain('Runtime Error');
  });

  it('truncated: not Cityworks (truncated JSON), retryable', async () => {
    emu.faults.set({ service: 'ServiceRequest/ById', kind: 'truncated', times: 1 });
    const err = await rejection(client().client.serviceRequests.byId(10001));
    expect(err).toMatchObject({ kind: 'not-cityworks', bodyKind: 'truncated-json', retryable: true });
    expect(classifyError(err).errorClass).toBe('cityworks.not-cityworks.truncated-json');
  });

  it('status1: validation error with the Cityworks message, dead-lettered', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'status1', times: 1 });
    const err = await rejection(client().client.serviceRequests.create({ problemSid: 101 }));
    expect(err).toMatchObject({ kind: 'validation', retryable: false, cityworksStatus: 1 });
    expect(err.messages).toEqual([{ name: 'Error', code: 1, displayText: 'An unexpected error occurred', service: 'ServiceRequest' }]);
    expect(classifyError(err)).toEqual({ retryable: false, errorClass: 'cityworks.validation', reason: 'Cityworks refused the request: An unexpected error occurred.' });
  });

  it('lost-response: a retryable network error, and the create did happen (found by our id)', async () => {
    emu.faults.set({ service: 'ServiceRequest/Create', kind: 'lost-response', times: 1 });
    const { client: c } = client();
    const err = await rejection(c.serviceRequests.create({ problemSid: 101, otherSystemId: 'CB-LOST-1' }));
    expect(err).toMatchObject({ kind: 'network', retryable: true });
    expect(classifyError(err).retryable).toBe(true);
    const found = await c.serviceRequests.byOtherSystemId('CB-LOST-1');
    expect(found).toHaveLength(1);
  });

  it('a real Cityworks validation answer: the emulator rejects an answer of another problem', async () => {
    const err = await rejection(client().client.serviceRequests.create({ problemSid: 101, answers: [{ answerId: 5011 }] }));
    expect(err.kind).toBe('validation');
    expect(err.messages[0]!.displayText).toMatch(/5011/);
  });

  it('unknown record: not-found, dead-lettered', async () => {
    const err = await rejection(client().client.serviceRequests.byId(99_999_999));
    expect(err).toMatchObject({ kind: 'not-found', retryable: false });
    expect(classifyError(err).errorClass).toBe('cityworks.not-found');
  });

  it('a read-only user creating: permission (code 5)', async () => {
    const { client: c } = makeClient(emu, { version: '15.8', online: false, user: VIEWER });
    const err = await rejection(c.serviceRequests.create({ problemSid: 101 }));
    expect(err).toMatchObject({ kind: 'permission', retryable: false });
    expect(err.messages[0]!.code).toBe(5);
  });

  it.each([
    ['a wrong password', { loginName: 'api311', password: 'not-the-password' }, 'invalid-credentials'],
    ['an unknown login', { loginName: 'nobody', password: 'whatever1' }, 'employee-not-found'],
    ['an inactive user', { loginName: 'jdoe', password: 'Spring2019!' }, 'inactive-user'],
  ] as const)('%s: invalid-credentials saying which', async (_label, user, problem) => {
    const { client: c, events } = makeClient(emu, { version: '15.8', online: false, user });
    const err = await rejection(c.serviceRequests.statuses());
    expect(err).toMatchObject({ kind: 'invalid-credentials', credentialProblem: problem, retryable: false, operation: 'Authentication/Authenticate' });
    expect(classifyError(err)).toMatchObject({ retryable: false, errorClass: 'cityworks.invalid-credentials' });
    expect(events).toEqual([expect.objectContaining({ operation: 'Authentication/Authenticate', outcome: 'error', errorKind: 'invalid-credentials' })]);
    // No service call was attempted without a token.
    expect(callsTo(emu, 'ServiceRequest/Statuses')).toHaveLength(0);
  });

  it('downloads: an unknown attachment is a typed error, a stored JSON file is still a file', async () => {
    const { client: c } = client();
    const err = await rejection(c.attachments.downloadRequestAttachment(987_654));
    expect(['not-found', 'validation']).toContain(err.kind);
    expect(err.retryable).toBe(false);
    const json = new TextEncoder().encode('{"Status":1,"note":"this is a user file"}');
    const added = await c.attachments.addRequestAttachment(10001, { bytes: json, filename: 'notes.json', contentType: 'application/json' });
    const file = await c.attachments.downloadRequestAttachment(added.id);
    expect(new TextDecoder().decode(file.bytes)).toBe('{"Status":1,"note":"this is a user file"}');
    expect(file.filename).toBe('notes.json');
  });

  it('a wrong site path: HTTP 404 is not-found with a hint about the URL', async () => {
    const { client: c } = makeClient(emu, { version: '15.8', online: false, user: API_USER }, { baseUrl: emu.url.replace(/cityworks$/, 'citywork') });
    const err = await rejection(c.serviceRequests.statuses());
    expect(err).toMatchObject({ kind: 'not-found', httpStatus: 404, retryable: false });
    expect(err.reason).toMatch(/Check the Cityworks URL/);
  });

  it('the wrong version (2013 paths on a 15.8 site): not-found', async () => {
    const { client: c } = makeClient(emu, { version: '2013', online: false, user: API_USER });
    const err = await rejection(c.authenticate());
    expect(err).toMatchObject({ kind: 'not-found', httpStatus: 404 });
  });
});

describe('transport failures without the emulator', () => {
  it('connection refused on a closed port: retryable network error', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const events: unknown[] = [];
    const { createCityworksClient } = await import('@/lib/cityworks');
    const c = createCityworksClient({ baseUrl: `http://127.0.0.1:${port}/cityworks`, version: '15.8', ...API_USER, onCall: (e) => events.push(e) });
    const err = await rejection(c.serviceRequests.statuses());
    expect(err).toMatchObject({ kind: 'network', causeCode: 'ECONNREFUSED', retryable: true, operation: 'Authentication/Authenticate' });
    expect(err.reason).toMatch(/refused the connection/);
    expect(classifyError(err)).toMatchObject({ retryable: true, errorClass: 'cityworks.network' });
    expect(events).toEqual([expect.objectContaining({ outcome: 'error', errorKind: 'network' })]);
  });

  it('TLS spoken to a plain HTTP port: tls error, not retryable', async () => {
    const plain = createServer((_q, s) => s.end('hello'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const port = (plain.address() as AddressInfo).port;
    try {
      const { createCityworksClient } = await import('@/lib/cityworks');
      const c = createCityworksClient({ baseUrl: `https://127.0.0.1:${port}/cityworks`, version: '15.8', ...API_USER, timeoutMs: 5000 });
      const err = await rejection(c.authenticate());
      expect(err).toMatchObject({ kind: 'tls', retryable: false });
      expect(classifyError(err).retryable).toBe(false);
    } finally {
      plain.closeAllConnections();
      await new Promise((r) => plain.close(r));
    }
  });
});
