import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { loadActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { HttpError } from '@/lib/http/errors';
import { testConnection } from '@/lib/integrations/test-connection';
import { updateConnection, updateCredentials } from '@/lib/integrations/update-integration';
import { listIntegrationAudit } from '@/lib/integrations/integration-audit';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { createOrganizationWithUsers } from '../support/fixtures';
import { freePort } from '../support/free-port';

describe('test connection against the Cityworks emulator', () => {
  let emu: CityworksEmulator;
  let admin: Actor;
  let staff: Actor;
  let orgId: string;
  const deps = () => ({ db, actor: admin, organizationId: orgId, client: { timeoutMs: 3_000 } });
  const creds = (over: Record<string, string> = {}) =>
    updateCredentials(deps(), { environment: 'TEST', endpointUrl: emu.url, loginName: 'api311', password: 'Springfield!311', ...over });

  beforeAll(async () => {
    emu = await startCityworksEmulator({ port: 0, version: '15.8' });
    const f = await createOrganizationWithUsers(db, 'Connecticut Falls');
    orgId = f.org.id;
    admin = (await loadActor(f.users.CUSTOMER_ADMIN.id))!;
    staff = (await loadActor(f.users.STAFF.id))!;
  });
  afterAll(async () => { await emu.close(); });
  beforeEach(() => { emu.faults.clear(); });

  it('refuses staff and asks for credentials before testing', async () => {
    await expect(testConnection({ ...deps(), actor: staff }, { environment: 'TEST' })).rejects.toBeInstanceOf(HttpError);
    await expect(testConnection(deps(), { environment: 'TEST' })).rejects.toMatchObject({ status: 400 });
  });

  it('reports the server version, the site WKID and an SRID round trip on success', async () => {
    await creds();
    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r).toMatchObject({ ok: true, outcome: 'success', serverVersion: '15.8.3.0', siteWkid: 3857, writePermission: 'not-refused' });
    expect(r.srid?.ok).toBe(true);
    expect(r.srid!.errorMeters!).toBeLessThan(0.01);
    expect(r.checks.map((c) => [c.name, c.state])).toEqual([
      ['Sign in', 'ok'], ['Read request types', 'ok'], ['Server version', 'ok'], ['Site spatial reference', 'ok'], ['Write permission', 'ok'], ['SRID round trip', 'ok'],
    ]);
    // Nothing was created by the permission probe.
    expect(emu.calls.filter((c) => c.service === 'ServiceRequest/Create')).toHaveLength(0);
  });

  it('names a Windows login that works', async () => {
    await creds({ loginName: 'SPRINGFIELD/cwsoa', password: 'Cw$oa2024' });
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('success');
  });

  it('wrong credentials', async () => {
    await creds({ password: 'not-it' });
    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r).toMatchObject({ ok: false, outcome: 'wrong-credentials' });
    expect(r.advice).toMatch(/domain\/username/);
  });

  it('an inactive user is told to ask for reactivation', async () => {
    await creds({ loginName: 'jdoe', password: 'Spring2019!' });
    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r.outcome).toBe('wrong-credentials');
    expect(r.advice).toMatch(/inactive/);
  });

  it('a user who can read but not write lacks permission', async () => {
    await creds({ loginName: 'viewer', password: 'viewer' });
    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r).toMatchObject({ ok: false, outcome: 'permission', writePermission: 'refused' });
    expect(r.checks.find((c) => c.name === 'Read request types')?.state).toBe('ok');
    expect(r.checks.at(-1)).toMatchObject({ name: 'Write permission', state: 'failed' });
  });

  it('HTML instead of JSON is not a Cityworks endpoint', async () => {
    await creds();
    emu.faults.set({ service: '*', kind: 'html-login' });
    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r.outcome).toBe('not-cityworks');
    expect(r.advice).toMatch(/sign-in page/);
    emu.faults.set({ service: '*', kind: 'html-error' });
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('not-cityworks');
  });

  it('a wrong path is not a Cityworks endpoint', async () => {
    await creds({ endpointUrl: emu.url.replace(/\/cityworks$/, '/nothing-here') });
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('not-cityworks');
  });

  it('a closed port is unreachable', async () => {
    await creds({ endpointUrl: `http://127.0.0.1:${await freePort()}/cityworks` });
    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r.outcome).toBe('unreachable');
    expect(r.advice).toMatch(/firewall/);
  });

  it('https to a plain-http server is a TLS error', async () => {
    await creds({ endpointUrl: emu.url.replace('http://', 'https://') });
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('tls');
  });

  it('a server that never answers times out', async () => {
    await creds();
    emu.faults.set({ service: '*', kind: 'hang' });
    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r.outcome).toBe('timeout');
  });

  it('a wrong version setting is explained', async () => {
    await creds();
    emu.setVersion('23');
    try {
      const r = await testConnection(deps(), { environment: 'TEST' });
      expect(r.ok).toBe(false);
      expect(r.advice).toMatch(/version/i);
    } finally {
      emu.setVersion('15.8');
    }
  });

  it('a state-plane SRID round-trips at the organization', async () => {
    const im = await db.membership.findFirstOrThrow({ where: { organizationId: orgId, role: 'IMPLEMENTATION_MANAGER' } });
    const manager = (await loadActor(im.userId))!;
    await updateConnection({ db, actor: manager, organizationId: orgId }, {
      version: 'V15_0', deployment: 'ON_PREMISE', mode: 'SERVICE_REQUESTS', environment: 'TEST', srid: 2249, geocoderUrl: null, validateAddress: false, botDisplayName: null,
    });
    await db.agency.create({ data: { organizationId: orgId, name: 'Public Works', bbox: [-71.2, 42.2, -70.9, 42.45] } });
    emu.setVersion('15.0');
    try {
      await creds();
      const r = await testConnection(deps(), { environment: 'TEST' });
      expect(r.srid).toMatchObject({ srid: 2249, ok: true, pointSource: 'agency' });
      expect(r.checks.find((c) => c.name === 'Site spatial reference')?.state).toBe('warning');
    } finally {
      emu.setVersion('15.8');
    }
  });

  it('every test is audited with its outcome and never the password', async () => {
    const entries = await listIntegrationAudit(admin, orgId);
    const tests = entries.filter((e) => e.action === 'integration.connection.test');
    expect(tests.length).toBeGreaterThanOrEqual(10);
    expect(tests.map((t) => (t.changes as { outcome: string }).outcome)).toContain('permission');
    expect(JSON.stringify(entries)).not.toMatch(/Springfield!311|Cw\$oa2024/);
  });
});

describe('dry run', () => {
  it('shows the exact create call with the password and token masked', async () => {
    const { dryRun } = await import('@/lib/integrations/dry-run');
    const f = await createOrganizationWithUsers(db, 'Dryden');
    const admin = (await loadActor(f.users.CUSTOMER_ADMIN.id))!;
    const deps = { db, actor: admin, organizationId: f.org.id };
    await updateCredentials(deps, { environment: 'TEST', endpointUrl: 'https://cw.example.gov/Cityworks/Services/AMS', loginName: 'api311', password: 'Dry-Run-Secret-1' });
    const r = await dryRun(deps);
    expect(r.create.url).toBe('https://cw.example.gov/Cityworks/Services/Ams/ServiceRequest/Create');
    expect(r.create.form.token).toBe('••••••••');
    expect(r.login.data).toEqual({ LoginName: 'api311', Password: '••••••••' });
    const data = JSON.parse(r.create.form.data!) as Record<string, unknown>;
    expect(data).toMatchObject({ ProblemSid: 101, OtherSystemId: '1042' });
    expect(JSON.stringify(r)).not.toContain('Dry-Run-Secret-1');
    const staff = (await loadActor(f.users.STAFF.id))!;
    await expect(dryRun({ ...deps, actor: staff })).rejects.toMatchObject({ status: 403 });
  });
});
