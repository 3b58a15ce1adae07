import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A deployment without ALLOW_HTTP_ENDPOINTS: set before lib/env is first imported.
vi.hoisted(() => {
  process.env.ALLOW_HTTP_ENDPOINTS = '0';
});

import { db } from '@/lib/db';
import { loadActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { testConnection } from '@/lib/integrations/test-connection';
import { updateConnection, updateCredentials } from '@/lib/integrations/update-integration';
import { listIntegrationAudit } from '@/lib/integrations/integration-audit';
import { secretPresence, setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { createOrganizationWithUsers } from '../support/fixtures';
import { startListener, type Listener } from './listener';

const PASSWORD = 'Springfield!311';

/**
 * A stored Cityworks password is bound to its endpoint and login: whoever can edit the URL must
 * not be able to make the next "test connection" or sync post the city's password elsewhere.
 */
describe('credentials stay bound to their endpoint', () => {
  let emu: CityworksEmulator;
  let collector: Listener;
  let manager: Actor;
  let orgId: string;
  const deps = () => ({ db, actor: manager, organizationId: orgId, client: { timeoutMs: 3_000 } });

  beforeAll(async () => {
    emu = await startCityworksEmulator({ port: 0, version: '15.8' });
    // Another host the attacker controls (allow-listed loopback, so the guard is not what stops it).
    collector = await startListener('127.0.0.1');
    const f = await createOrganizationWithUsers(db, 'Bound Falls');
    orgId = f.org.id;
    manager = (await loadActor(f.users.IMPLEMENTATION_MANAGER.id))!;
  });
  afterAll(async () => {
    await Promise.all([emu.close(), collector.close()]);
  });

  it('changing the endpoint URL clears the password; test connection then sends it nowhere', async () => {
    await updateCredentials(deps(), { environment: 'TEST', endpointUrl: emu.url, loginName: 'api311', password: PASSWORD });
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('success');
    const callsBefore = emu.calls.length;

    const moved = await updateCredentials(deps(), { environment: 'TEST', endpointUrl: `${collector.url}/Cityworks`, loginName: 'api311' });
    expect(moved).toMatchObject({ secretCleared: true });
    expect(moved.changed).toContain('password');
    const row = await db.integration.findFirstOrThrow({ where: { organizationId: orgId } });
    expect((await secretPresence(db, row.id)).TEST_PASSWORD).toBeNull();

    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r).toMatchObject({ ok: false, outcome: 'incomplete' });
    expect(r.advice).toMatch(/password/);
    expect(collector.connections).toBe(0);

    // Moving back does not restore it either: the password must be typed again.
    await updateCredentials(deps(), { environment: 'TEST', endpointUrl: emu.url, loginName: 'api311' });
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('incomplete');
    expect(collector.bodies.join('')).not.toContain(PASSWORD);
    expect(JSON.stringify(emu.calls.slice(callsBefore))).not.toContain(PASSWORD);

    const audit = await listIntegrationAudit(manager, orgId);
    const cleared = audit.filter((e) => e.action === 'integration.credentials.update' && JSON.stringify(e.changes).includes('cleared'));
    expect(cleared).toHaveLength(1);
    expect(JSON.stringify(cleared[0]!.changes)).toMatch(/endpointUrl/);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it('changing the user (or its domain) clears the password too; re-entering it works', async () => {
    await updateCredentials(deps(), { environment: 'TEST', endpointUrl: emu.url, loginName: 'api311', password: PASSWORD });
    const renamed = await updateCredentials(deps(), { environment: 'TEST', endpointUrl: emu.url, loginName: 'SPRINGFIELD/api311' });
    expect(renamed.secretCleared).toBe(true);
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('incomplete');

    const typed = await updateCredentials(deps(), { environment: 'TEST', endpointUrl: emu.url, loginName: 'api311', password: PASSWORD });
    expect(typed.secretCleared).toBeUndefined();
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('success');
  });

  it('saving the same endpoint and user keeps the password', async () => {
    await updateCredentials(deps(), { environment: 'TEST', endpointUrl: emu.url, loginName: 'api311', password: PASSWORD });
    const same = await updateCredentials(deps(), { environment: 'TEST', endpointUrl: ` ${emu.url} `, loginName: 'api311' });
    expect(same.secretCleared).toBeUndefined();
    expect((await testConnection(deps(), { environment: 'TEST' })).outcome).toBe('success');
  });

  it('a production endpoint must be https unless the operator allows http', async () => {
    await expect(
      updateCredentials(deps(), { environment: 'PRODUCTION', endpointUrl: emu.url, loginName: 'api311', password: PASSWORD }),
    ).rejects.toMatchObject({ name: 'ZodError', issues: [expect.objectContaining({ path: ['endpointUrl'], message: expect.stringMatching(/https/) })] });
    const row = await db.integration.findFirstOrThrow({ where: { organizationId: orgId } });
    expect(row.productionEndpointUrl).toBeNull();
    expect((await secretPresence(db, row.id)).PRODUCTION_PASSWORD).toBeNull();
    await expect(
      updateCredentials(deps(), { environment: 'PRODUCTION', endpointUrl: 'https://cityworks.example.gov/Cityworks', loginName: 'api311', password: PASSWORD }),
    ).resolves.toMatchObject({ changed: expect.arrayContaining(['endpointUrl', 'password']) });
  });

  it('a geocoder URL loses its query and fragment, and changing it clears the geocoder token', async () => {
    const base = { version: 'V15_8', deployment: 'ON_PREMISE', mode: 'SERVICE_REQUESTS', environment: 'TEST', srid: 3857, validateAddress: true, botDisplayName: null };
    await updateConnection(deps(), { ...base, geocoderUrl: 'https://geo.example.gov/arcgis/rest/services/City/GeocodeServer?token=abc123&f=json#top' });
    let row = await db.integration.findFirstOrThrow({ where: { organizationId: orgId } });
    expect(row.geocoderUrl).toBe('https://geo.example.gov/arcgis/rest/services/City/GeocodeServer');
    await setIntegrationSecret(db, row.id, 'GEOCODER_TOKEN', 'geo-token');
    const moved = await updateConnection(deps(), { ...base, geocoderUrl: 'https://other.example.gov/arcgis/rest/services/City/GeocodeServer' });
    expect(moved).toMatchObject({ secretCleared: true, changed: expect.arrayContaining(['geocoderUrl', 'geocoderToken']) });
    row = await db.integration.findFirstOrThrow({ where: { organizationId: orgId } });
    expect((await secretPresence(db, row.id)).GEOCODER_TOKEN).toBeNull();
  });
});
