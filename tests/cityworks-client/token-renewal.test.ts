import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import type { CityworksVersion } from '@/lib/cityworks';
import { classifyError } from '@/lib/sync/retry-classifier';
import { API_USER, callsTo, makeClient, rejection, tokenOf } from './support';

describe.each(['15.8', '23', '2013'] as CityworksVersion[])('token renewal, Cityworks %s', (version) => {
  let emu: CityworksEmulator;
  beforeAll(async () => {
    emu = await startCityworksEmulator({ version });
  });
  beforeEach(() => emu.reset());
  afterAll(() => emu.close());

  const client = () => makeClient(emu, { version, online: false, user: API_USER });

  it('token-expired: renews once, replays the call with the new token and succeeds', async () => {
    const { client: c, events } = client();
    await c.serviceRequests.statuses();
    emu.faults.set({ service: 'ServiceRequest/ById', kind: 'token-expired', times: 1 });
    const sr = await c.serviceRequests.byId(10001);
    expect(sr.requestId).toBe(10001);

    const byId = callsTo(emu, 'ServiceRequest/ById');
    expect(byId).toHaveLength(2);
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(2);
    expect(tokenOf(byId[1]!)).not.toBe(tokenOf(byId[0]!));
    expect(events.map((e) => [e.operation, e.outcome, e.attempt, e.errorKind])).toEqual([
      ['Authentication/Authenticate', 'ok', 1, undefined],
      ['ServiceRequest/Statuses', 'ok', 1, undefined],
      ['ServiceRequest/ById', 'error', 1, 'unauthorized'],
      ['Authentication/Authenticate', 'ok', 1, undefined],
      ['ServiceRequest/ById', 'ok', 2, undefined],
    ]);
    // The renewed token is kept for later calls.
    await c.serviceRequests.statuses();
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(2);
  });

  it('status2 once: renews and succeeds', async () => {
    const { client: c } = client();
    emu.faults.set({ service: 'ServiceRequest/Statuses', kind: 'status2', times: 1 });
    expect((await c.serviceRequests.statuses()).length).toBeGreaterThan(0);
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(2);
  });

  it('status2 every time: one renewal only, then an unauthorized error', async () => {
    const { client: c } = client();
    emu.faults.set({ service: 'ServiceRequest/Statuses', kind: 'status2' });
    const err = await rejection(c.serviceRequests.statuses());
    expect(err).toMatchObject({ kind: 'unauthorized', cityworksStatus: 2, retryable: true });
    expect(err.reason).toMatch(/freshly issued token/);
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(2);
    expect(callsTo(emu, 'ServiceRequest/Statuses')).toHaveLength(2);
    expect(classifyError(err)).toMatchObject({ retryable: true, errorClass: 'cityworks.unauthorized' });
  });

  it('never more than one authentication in flight: concurrent first calls share one login', async () => {
    const { client: c } = client();
    const results = await Promise.all(Array.from({ length: 8 }, () => c.serviceRequests.byId(10001)));
    expect(results.every((r) => r.requestId === 10001)).toBe(true);
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(1);
    expect(new Set(callsTo(emu, 'ServiceRequest/ById').map(tokenOf)).size).toBe(1);
  });

  it('concurrent calls that all hit an expired token renew it once', async () => {
    const { client: c } = client();
    await c.serviceRequests.statuses();
    emu.faults.set({ service: 'ServiceRequest/ById', kind: 'status2', times: 6 });
    const results = await Promise.all(Array.from({ length: 6 }, () => c.serviceRequests.byId(10001)));
    expect(results).toHaveLength(6);
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(2);
    expect(callsTo(emu, 'ServiceRequest/ById')).toHaveLength(12);
  });

  it('a failing login is shared too and not retried in a loop', async () => {
    const { client: c } = makeClient(emu, { version, online: false, user: { loginName: 'api311', password: 'wrong-password' } });
    const errors = await Promise.all(Array.from({ length: 4 }, () => rejection(c.serviceRequests.statuses())));
    expect(errors.every((e) => e.kind === 'invalid-credentials')).toBe(true);
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(1);
  });

  it('validate answers false once the token is revoked, without renewing', async () => {
    const { client: a } = client();
    const { client: b } = client();
    expect(await a.validate()).toBe(true);
    // b's call revokes every token issued so far (a's too), then renews b's own.
    emu.faults.set({ service: 'ServiceRequest/Statuses', kind: 'token-expired', times: 1 });
    await b.serviceRequests.statuses();
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(3);
    expect(await a.validate()).toBe(false);
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(3);
    expect(await b.validate()).toBe(true);
  });
});
