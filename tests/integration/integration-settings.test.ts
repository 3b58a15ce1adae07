import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { db } from '@/lib/db';
import { loadActor } from '@/lib/auth/session';
import type { Actor, Role } from '@/lib/auth/roles';
import { HttpError } from '@/lib/http/errors';
import { getIntegrationView } from '@/lib/integrations/settings-view';
import { updateConnection, updateCredentials, updateSettings } from '@/lib/integrations/update-integration';
import { listIntegrationAudit } from '@/lib/integrations/integration-audit';
import { readIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { createOrganizationWithUsers, ROLES } from '../support/fixtures';

const PASSWORD = 'S3cret-Cityworks-Pa55';
const connection = {
  version: 'V15_0', deployment: 'ON_PREMISE', mode: 'SERVICE_REQUESTS', environment: 'TEST',
  srid: 2249, geocoderUrl: '', validateAddress: false, botDisplayName: '',
};

async function setup(title: string) {
  const f = await createOrganizationWithUsers(db, title);
  const actors = {} as Record<Role, Actor>;
  for (const role of ROLES) actors[role] = (await loadActor(f.users[role].id))!;
  const deps = (role: Role) => ({ db, actor: actors[role], organizationId: f.org.id });
  return { ...f, actors, deps };
}

async function expectStatus(p: Promise<unknown>, status: number) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof HttpError && e.status === status);
}

describe('integration settings: permissions', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => { s = await setup('Permsville'); });

  it('customer admins and managers set credentials; staff cannot', async () => {
    const creds = { environment: 'TEST', endpointUrl: 'https://cw.example.gov/Cityworks', loginName: 'api', password: PASSWORD };
    await expect(updateCredentials(s.deps('CUSTOMER_ADMIN'), creds)).resolves.toMatchObject({ changed: ['endpointUrl', 'loginName', 'password'] });
    await expect(updateCredentials(s.deps('IMPLEMENTATION_MANAGER'), { ...creds, environment: 'PRODUCTION' })).resolves.toBeDefined();
    await expectStatus(updateCredentials(s.deps('STAFF'), creds), 403);
  });

  it('only managers change the connection and the settings', async () => {
    await expectStatus(updateConnection(s.deps('CUSTOMER_ADMIN'), connection), 403);
    await expectStatus(updateConnection(s.deps('STAFF'), connection), 403);
    await expectStatus(updateSettings(s.deps('CUSTOMER_ADMIN'), {}), 403);
    await expect(updateConnection(s.deps('IMPLEMENTATION_MANAGER'), connection)).resolves.toBeDefined();
    await expect(updateSettings(s.deps('IMPLEMENTATION_MANAGER'), { publicCommentPrefix: 'To City:' })).resolves.toBeDefined();
  });

  it('every role may read the view, which never holds a password', async () => {
    for (const role of ROLES) {
      const view = await getIntegrationView(db, s.actors[role], s.org.id);
      expect(JSON.stringify(view)).not.toContain(PASSWORD);
      expect(view.passwordSet.test).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(view.passwordSet.production).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(view.endpoints.TEST.loginName).toBe('api');
      expect(view.can.editSettings).toBe(role === 'IMPLEMENTATION_MANAGER');
      expect(view.can.editCredentials).toBe(role !== 'STAFF');
    }
  });

  it('refuses another organization\'s members', async () => {
    const other = await setup('Otherton');
    await expectStatus(getIntegrationView(db, other.actors.IMPLEMENTATION_MANAGER, s.org.id), 403);
    await expectStatus(updateCredentials({ db, actor: other.actors.CUSTOMER_ADMIN, organizationId: s.org.id }, {}), 403);
  });

  it('staff may not read the audit', async () => {
    await expectStatus(listIntegrationAudit(s.actors.STAFF, s.org.id), 403);
  });
});

describe('integration settings: validation', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => { s = await setup('Validville'); });
  const im = () => s.deps('IMPLEMENTATION_MANAGER');

  it('requires SRID 3857 for 15.8 and 23, saying why', async () => {
    for (const version of ['V15_8', 'V23']) {
      const err = await updateConnection(im(), { ...connection, version, srid: 2249 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZodError);
      const issue = (err as ZodError).issues.find((i) => i.path.join('.') === 'srid');
      expect(issue?.message).toMatch(/3857/);
      expect(issue?.message).toMatch(version === 'V23' ? /fixes the WKID/ : /requires Web Mercator/);
    }
    await expect(updateConnection(im(), { ...connection, version: 'V23', srid: 3857 })).resolves.toBeDefined();
  });

  it('checks the SRID against the EPSG definitions', async () => {
    const err = await updateConnection(im(), { ...connection, srid: 999_999 }).catch((e: unknown) => e);
    expect((err as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['srid']);
    await expect(updateConnection(im(), { ...connection, srid: 2249 })).resolves.toBeDefined();
  });

  it('accepts the Esri WKIDs ArcGIS Server shows (102671, 102643, 102729) and stores them as given', async () => {
    for (const srid of [102671, 102643, 102729]) {
      await expect(updateConnection(im(), { ...connection, srid })).resolves.toBeDefined();
      const view = await getIntegrationView(db, s.actors.IMPLEMENTATION_MANAGER, s.org.id);
      expect(view.connection.srid).toBe(srid);
    }
    await expect(updateConnection(im(), { ...connection, srid: 2249 })).resolves.toBeDefined();
  });

  it('needs a geocoder URL for address validation and http(s) URLs without user info', async () => {
    await expect(updateConnection(im(), { ...connection, validateAddress: true })).rejects.toBeInstanceOf(ZodError);
    await expect(updateCredentials(im(), { environment: 'TEST', endpointUrl: 'ftp://cw.example.gov', loginName: 'api' })).rejects.toBeInstanceOf(ZodError);
    await expect(updateCredentials(im(), { environment: 'TEST', endpointUrl: 'https://u:p@cw.example.gov', loginName: 'api' })).rejects.toBeInstanceOf(ZodError);
  });

  it('accepts Windows domain/username and domain\\username, refuses spaces', async () => {
    const base = { environment: 'TEST', endpointUrl: 'https://cw.example.gov/Cityworks' };
    await expect(updateCredentials(im(), { ...base, loginName: 'SPRINGFIELD/cwsoa' })).resolves.toBeDefined();
    await expect(updateCredentials(im(), { ...base, loginName: 'SPRINGFIELD\\cwsoa' })).resolves.toBeDefined();
    await expect(updateCredentials(im(), { ...base, loginName: 'two words' })).rejects.toBeInstanceOf(ZodError);
  });

  it('validates settings with the shared schema', async () => {
    await expect(updateSettings(im(), { imageUrlField: 'Text21' })).rejects.toBeInstanceOf(ZodError);
    await expect(updateSettings(im(), { schedules: { pollIntervalSeconds: 1 } })).rejects.toBeInstanceOf(ZodError);
    await expect(updateSettings(im(), { customFields: [{ field: 'Text 5', kind: 'fixed', value: 'x' }] })).rejects.toBeInstanceOf(ZodError);
    await updateSettings(im(), { imageUrlField: 'Text7', closedStatuses: ['CLOSED', 'COMPLETE'] });
    const view = await getIntegrationView(db, s.actors.STAFF, s.org.id);
    expect(view.settings.imageUrlField).toBe('Text7');
    expect(view.settings.closedStatuses).toEqual(['CLOSED', 'COMPLETE']);
    expect(view.settings.publicCommentPrefix).toBe('To SCF:');
  });

  it('keeps the stored password when the field is left empty, and replaces it when given', async () => {
    const base = { environment: 'PRODUCTION', endpointUrl: 'https://cw.example.gov/Cityworks', loginName: 'api' };
    await updateCredentials(im(), { ...base, password: 'first-password' });
    const res = await updateCredentials(im(), { ...base, password: '' });
    expect(res.changed).toEqual([]);
    expect(await readIntegrationSecret(db, res.integrationId, 'PRODUCTION_PASSWORD')).toBe('first-password');
    await updateCredentials(im(), { ...base, password: 'second-password' });
    expect(await readIntegrationSecret(db, res.integrationId, 'PRODUCTION_PASSWORD')).toBe('second-password');
  });
});

describe('integration settings: audit', () => {
  it('records who changed what, field by field, and never a password', async () => {
    const s = await setup('Auditville');
    await updateCredentials(s.deps('CUSTOMER_ADMIN'), { environment: 'TEST', endpointUrl: 'https://cw.example.gov/Cityworks', loginName: 'api', password: PASSWORD });
    await updateConnection(s.deps('IMPLEMENTATION_MANAGER'), connection);
    await updateSettings(s.deps('IMPLEMENTATION_MANAGER'), { canceledStatuses: ['CANCEL', 'VOID'], messages: { acknowledgment: 'Now #{remoteId}' } });
    // Saving the same values again changes nothing and records nothing.
    await updateSettings(s.deps('IMPLEMENTATION_MANAGER'), { canceledStatuses: ['CANCEL', 'VOID'], messages: { acknowledgment: 'Now #{remoteId}' } });

    const entries = await listIntegrationAudit(s.actors.CUSTOMER_ADMIN, s.org.id);
    expect(entries.map((e) => [e.action, e.actorEmail])).toEqual([
      ['integration.settings.update', s.users.IMPLEMENTATION_MANAGER.email],
      ['integration.connection.update', s.users.IMPLEMENTATION_MANAGER.email],
      ['integration.credentials.update', s.users.CUSTOMER_ADMIN.email],
    ]);
    const [settings, conn, creds] = entries;
    expect(creds!.changes).toEqual({
      environment: 'TEST',
      endpointUrl: { from: null, to: 'https://cw.example.gov/Cityworks' },
      loginName: { from: null, to: 'api' },
      password: { set: true },
    });
    expect(conn!.changes).toMatchObject({ version: { from: 'V15_8', to: 'V15_0' }, srid: { from: 3857, to: 2249 } });
    expect(Object.keys(settings!.changes as object).sort()).toEqual(['canceledStatuses', 'messages.acknowledgment']);
    expect(entries.every((e) => !isNaN(Date.parse(e.at)))).toBe(true);
    const all = await db.auditLog.findMany({ where: { organizationId: s.org.id } });
    expect(JSON.stringify(all, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(PASSWORD);
  });
});
