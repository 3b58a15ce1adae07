import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator, type FaultKind } from '@/emulators/cityworks/server';
import { createCityworksClient, type CallEvent } from '@/lib/cityworks';
import { classifyError } from '@/lib/sync/retry-classifier';
import { AD_USER, API_USER, makeClient, tokensSeen } from './support';

/**
 * The password and the session tokens must never reach an error message, an error object, a
 * CallEvent or a retry decision, whatever failed.
 */

function serialisations(value: unknown): string[] {
  return [JSON.stringify(value) ?? '', inspect(value, { depth: 10, showHidden: true }), String(value)];
}

function expectClean(value: unknown, secrets: string[]): void {
  for (const text of serialisations(value)) {
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
  }
}

describe('no credentials in errors or call events (emulator)', () => {
  let emu: CityworksEmulator;
  beforeAll(async () => {
    emu = await startCityworksEmulator({ version: '15.8' });
  });
  afterAll(() => emu.close());

  const FAULTS: FaultKind[] = ['http500', 'http503', 'hang', 'html-login', 'html-error', 'status1', 'status2', 'token-expired', 'truncated', 'lost-response'];

  it.each(FAULTS)('%s', async (kind) => {
    emu.reset();
    const { client, events } = makeClient(emu, { version: '15.8', online: false, user: AD_USER }, { timeoutMs: 300 });
    await client.serviceRequests.statuses();
    emu.faults.set({ service: 'ServiceRequest/Create', kind, times: kind === 'status2' ? 2 : 1 });
    const outcome = await client.serviceRequests.create({ problemSid: 101, details: 'x' }).then(
      (v) => ({ error: null, value: v }),
      (e: unknown) => ({ error: e, value: null }),
    );
    const secrets = [AD_USER.password, ...tokensSeen(emu)];
    expect(tokensSeen(emu).length).toBeGreaterThan(0);
    if (kind !== 'token-expired') {
      expect(outcome.error).not.toBeNull();
      expectClean(outcome.error, secrets);
      expectClean(classifyError(outcome.error), secrets);
    }
    expectClean(events, secrets);
  });

  it('invalid credentials', async () => {
    const password = 'Sup3r$ecret-Pa55';
    const { client, events } = makeClient(emu, { version: '15.8', online: false, user: { loginName: 'api311', password } });
    const err = await client.serviceRequests.statuses().catch((e: unknown) => e);
    expectClean(err, [password]);
    expectClean(classifyError(err), [password]);
    expectClean(events, [password]);
  });
});

describe('no credentials even when the server echoes them', () => {
  const PASSWORD = 'Echo-Me-If-You-Dare-42';
  const TOKEN = 'dG9rZW4tdGhhdC1tdXN0LW5ldmVyLWxlYWs=';

  /** A fake Cityworks that puts whatever it received into its error texts and pages. */
  function echoingFetch(mode: 'status1' | 'html500' | 'html200' | 'login-status1'): typeof fetch {
    return async (_input, init) => {
      const body = new URLSearchParams(String(init?.body ?? ''));
      const data = body.get('data') ?? '';
      const isAuth = data.includes('LoginName');
      if (isAuth && mode !== 'login-status1') {
        return new Response(JSON.stringify({ Status: 0, Value: { Token: TOKEN } }), { headers: { 'content-type': 'application/json' } });
      }
      const echo = `${data} token=${body.get('token') ?? ''}`;
      if (mode === 'status1' || mode === 'login-status1') {
        return new Response(
          JSON.stringify({ Status: 1, Message: echo, ErrorMessages: [{ Name: 'Error', Code: 1, DisplayText: `Bad request: ${echo}`, Service: 'X' }] }),
          { headers: { 'content-type': 'application/json' } },
        );
      }
      return new Response(`<html><head><title>Error ${echo}</title></head><body>Server Error in '/' Application. ${echo}</body></html>`, {
        status: mode === 'html500' ? 500 : 200,
        headers: { 'content-type': 'text/html' },
      });
    };
  }

  it.each(['status1', 'html500', 'html200', 'login-status1'] as const)('%s', async (mode) => {
    const events: CallEvent[] = [];
    const client = createCityworksClient({
      baseUrl: 'https://cityworks.example.gov/cityworks',
      version: '15.8',
      loginName: 'api311',
      password: PASSWORD,
      fetch: echoingFetch(mode),
      onCall: (e) => events.push(e),
    });
    const err = await client.serviceRequests.create({ problemSid: 1, details: PASSWORD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expectClean(err, [PASSWORD, TOKEN]);
    expectClean(classifyError(err), [PASSWORD, TOKEN]);
    expectClean(events, [PASSWORD, TOKEN]);
    if (mode === 'status1') expect((err as Error).message).toContain('[redacted]');
  });
});

describe('sanity: the leak check itself detects a leak', () => {
  it('fails on a serialised secret', () => {
    expect(() => expectClean({ reason: `x ${API_USER.password}` }, [API_USER.password])).toThrow();
    expect(() => expectClean(new Error(encodeURIComponent('a b&c')), ['a b&c'])).toThrow();
  });
});
