import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { loadActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { ArcgisError, reverseGeocode } from '@/lib/arcgis';
import { CityworksError, createCityworksClient } from '@/lib/cityworks';
import { testConnection } from '@/lib/integrations/test-connection';
import { updateCredentials } from '@/lib/integrations/update-integration';
import { createGuardedFetch, guardedFetch } from '@/lib/net/guarded-fetch';
import { OutboundError } from '@/lib/net/outbound-error';
import { startArcgisEmulator, type ArcgisEmulator } from '@/emulators/arcgis/server';
import { createOrganizationWithUsers } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { rejectionOf } from '../support/rejection-of';
import { startListener, type Listener } from './listener';

/**
 * The outbound guard (lib/net/guarded-fetch.ts) through the real clients. The test environment
 * allow-lists 127.0.0.1/32 only (tests/support/test-database.ts): the emulators answer there,
 * while a server on 127.0.0.2, another loopback address, stands for an internal service an
 * attacker would aim at. It must never see a connection.
 */
const POINT = { lon: -89.65, lat: 39.8 };

describe('outbound guard', () => {
  let internal: Listener;

  beforeAll(async () => {
    expect(process.env.OUTBOUND_ALLOW).toBe('127.0.0.1/32');
    internal = await startListener('127.0.0.2');
  });
  afterAll(() => internal.close());

  it('refuses a loopback address that is not allow-listed before connecting, and says so', async () => {
    const err = await rejectionOf(guardedFetch(`${internal.url}/anything`), OutboundError);
    expect(err).toBeInstanceOf(OutboundError);
    expect((err as OutboundError).kind).toBe('refused-address');
    expect((err as OutboundError).message).toMatch(/may not reach/);
    // The address resolved to is not repeated: the message must not map the internal network.
    expect((err as OutboundError).message).not.toContain('127.0.0.2');
    expect(internal.connections).toBe(0);
  });

  it('refuses the IPv4-mapped IPv6 spelling of the same address', async () => {
    const err = await rejectionOf(guardedFetch(`http://[::ffff:127.0.0.2]:${internal.port}/`), OutboundError);
    expect(err).toMatchObject({ kind: 'refused-address' });
    expect(internal.connections).toBe(0);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://10.0.0.1/',
    'http://192.168.1.1/',
    'http://172.16.0.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
  ])('refuses %s without trying to connect', async (url) => {
    const started = performance.now();
    const err = await rejectionOf(guardedFetch(url), OutboundError);
    expect(err).toMatchObject({ name: 'OutboundError', kind: 'refused-address' });
    // Refused before any connection: no connect timeout was waited for.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('the allow-list is by address and port: the allowed 127.0.0.1 is reached', async () => {
    const allowed = await startListener('127.0.0.1', (_q, res) => res.end('pong'));
    try {
      const res = await guardedFetch(`${allowed.url}/ping`);
      expect(await res.text()).toBe('pong');
      expect(allowed.connections).toBe(1);
    } finally {
      await allowed.close();
    }
  });

  it('a host name whose answers include a refused address is refused (every answer must pass)', async () => {
    // localhost resolves to 127.0.0.1 and, where configured, ::1; with only 127.0.0.1 allowed any
    // ::1 answer makes the whole name refused. Where localhost is 127.0.0.1 alone it is allowed.
    const { lookup } = await import('node:dns/promises');
    const answers = await lookup('localhost', { all: true, verbatim: true });
    const allowedOnly = answers.every((a) => a.address === '127.0.0.1');
    const outcome = await guardedFetch(`http://localhost:${await freePort()}/`).then(
      () => 'reached',
      (e: unknown) => (e instanceof OutboundError ? 'refused' : 'network'),
    );
    expect(outcome).toBe(allowedOnly ? 'network' : 'refused');
  });

  it('connects to the address it checked, not to a second DNS answer (no rebinding)', async () => {
    const checked = await startListener('127.0.0.1', (req, res) => res.end(`checked:${req.headers.host}`));
    try {
      // The name does not exist in DNS: a connection that looked it up again would fail with
      // ENOTFOUND, or (rebinding) reach whatever the second answer said.
      let lookups = 0;
      const pinned = createGuardedFetch({
        resolve: async () => {
          lookups++;
          return [{ address: '127.0.0.1', family: 4 }];
        },
      });
      const res = await pinned(`http://cityworks.rebind.invalid:${checked.port}/x`);
      expect(await res.text()).toBe(`checked:cityworks.rebind.invalid:${checked.port}`);
      expect(lookups).toBe(1);
      expect(checked.connections).toBe(1);

      // A resolver that answers a refused address is refused before connecting, name or not.
      const rebound = createGuardedFetch({ resolve: async () => [{ address: '127.0.0.2', family: 4 }] });
      expect(await rejectionOf(rebound(`http://cityworks.rebind.invalid:${internal.port}/x`), OutboundError)).toMatchObject({ kind: 'refused-address' });
      expect(internal.connections).toBe(0);
    } finally {
      await checked.close();
    }
  });

  it('Cityworks calls to a refused address fail with a typed, non-retryable error and send nothing', async () => {
    const cw = createCityworksClient({ baseUrl: `${internal.url}/Cityworks`, version: '15.8', loginName: 'api311', password: 'Springfield!311', timeoutMs: 3_000 });
    const err = await rejectionOf(cw.authenticate(), CityworksError);
    expect(err).toBeInstanceOf(CityworksError);
    expect(err).toMatchObject({ kind: 'network', retryable: false, causeCode: 'OUTBOUND_REFUSED' });
    expect((err as CityworksError).reason).toMatch(/may not reach/);
    expect(internal.connections).toBe(0);
  });

  it('ArcGIS calls to a refused address fail with a typed error and send nothing', async () => {
    const err = await rejectionOf(reverseGeocode({ url: `${internal.url}/arcgis/rest/services/City/GeocodeServer`, token: 'tok' }, POINT), ArcgisError);
    expect(err).toBeInstanceOf(ArcgisError);
    expect(err).toMatchObject({ kind: 'network', retryable: false });
    expect(internal.connections).toBe(0);
  });

  it('follows no redirect: a 3xx is an error and its target gets no connection', async () => {
    const target = await startListener('127.0.0.1');
    const redirector = await startListener('127.0.0.1', (_q, res) => {
      res.writeHead(302, { location: `${target.url}/arcgis/rest/services/City/GeocodeServer/reverseGeocode` });
      res.end();
    });
    try {
      const err = await rejectionOf(reverseGeocode({ url: `${redirector.url}/arcgis/rest/services/City/GeocodeServer` }, POINT), ArcgisError);
      expect(err).toBeInstanceOf(ArcgisError);
      expect((err as ArcgisError).reason).toMatch(/redirect \(HTTP 302\); redirects are not followed/);
      const cw = createCityworksClient({ baseUrl: `${redirector.url}/Cityworks`, version: '15.8', loginName: 'api311', password: 'x', timeoutMs: 3_000 });
      const cwErr = await rejectionOf(cw.authenticate(), CityworksError);
      expect(cwErr).toMatchObject({ name: 'CityworksError', kind: 'not-cityworks' });
      expect((cwErr as CityworksError).reason).toMatch(/redirected/);
      expect(target.connections).toBe(0);
    } finally {
      await Promise.all([target.close(), redirector.close()]);
    }
  });

  it('caps an answer while streaming it, declared length or not', async () => {
    let written = 0;
    const flood = await startListener('127.0.0.1', (_q, res) => {
      // Chunked, no Content-Length: only the reader's cap can stop it.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    });
    try {
      const err = await rejectionOf(reverseGeocode({ url: `${flood.url}/GeocodeServer` }, POINT), ArcgisError);
      expect(err).toBeInstanceOf(ArcgisError);
      expect((err as ArcgisError).reason).toMatch(/larger than 2 MB/);
      // The reader stopped near the cap instead of taking the whole 64 MB.
      expect(written).toBeLessThan(16 * 1024 * 1024);
    } finally {
      await flood.close();
    }
  });
});

describe('Cityworks answers have a size cap', () => {
  it('an endless attachment download stops near 25 MB with a typed error', async () => {
    let written = 0;
    const server = await startListener('127.0.0.1', (req, res) => {
      if (req.url?.includes('Authenticate')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ Status: 0, Message: null, Value: { Token: 'tok' } }));
      }
      // A "file" that never ends, without a Content-Length.
      res.writeHead(200, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="huge.png"' });
      const chunk = Buffer.alloc(256 * 1024, 0x41);
      const pump = () => {
        while (!res.destroyed && written < 512 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    try {
      const cw = createCityworksClient({ baseUrl: `${server.url}/Cityworks`, version: '15.8', loginName: 'api311', password: 'x', timeoutMs: 20_000 });
      const err = await rejectionOf(cw.attachments.downloadRequestAttachment(1), CityworksError);
      expect(err).toMatchObject({ causeCode: 'RESPONSE_TOO_LARGE', retryable: false });
      expect(err.reason).toMatch(/larger than 25 MB/);
      expect(written).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });
});

describe('test connection cannot be used as a port scanner', () => {
  let arcgis: ArcgisEmulator;
  let admin: Actor;
  let orgId: string;

  beforeAll(async () => {
    arcgis = await startArcgisEmulator();
    const f = await createOrganizationWithUsers(db, 'Port Scan Falls');
    orgId = f.org.id;
    admin = (await loadActor(f.users.CUSTOMER_ADMIN.id))!;
  });
  afterAll(() => arcgis.close());

  const probe = async (endpointUrl: string) => {
    const deps = { db, actor: admin, organizationId: orgId, client: { timeoutMs: 3_000 } };
    await updateCredentials(deps, { environment: 'TEST', endpointUrl, loginName: 'api311', password: 'Springfield!311' });
    return testConnection(deps, { environment: 'TEST' });
  };

  it('a refused address, an open port and a closed port inside the network all read the same', async () => {
    const internal = await startListener('127.0.0.2');
    try {
      const open = await probe(`${internal.url}/Cityworks`);
      const closed = await probe(`http://127.0.0.2:${await freePort()}/Cityworks`);
      const metadata = await probe('http://169.254.169.254/Cityworks');
      for (const r of [open, closed, metadata]) {
        expect(r).toMatchObject({ ok: false, outcome: 'unreachable' });
        expect(r.detail).toMatch(/may not reach/);
      }
      expect(new Set([open, closed, metadata].map((r) => `${r.title}|${r.advice}|${r.detail}`)).size).toBe(1);
      expect(internal.connections).toBe(0);
    } finally {
      await internal.close();
    }
  });

  it('reachable-but-closed and refused-connection failures share one message category', async () => {
    // 127.0.0.1 is allow-listed: a closed port there is a real connection attempt.
    const closed = await probe(`http://127.0.0.1:${await freePort()}/Cityworks`);
    // The ArcGIS emulator is an open port that is not Cityworks.
    const notCityworks = await probe(`${arcgis.url.replace(/\/arcgis.*$/, '')}/Cityworks`);
    expect(closed.outcome).toBe('unreachable');
    expect(closed.detail).not.toMatch(/ECONNREFUSED|refused the connection/);
    expect(notCityworks.outcome).not.toBe('success');
  });
});
