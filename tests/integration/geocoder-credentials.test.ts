import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { startArcgisEmulator, type ArcgisEmulator } from '@/emulators/arcgis/server';
import { ArcgisError } from '@/lib/arcgis';
import { loadActor } from '@/lib/auth/session';
import type { Actor, Role } from '@/lib/auth/roles';
import { AddressSearchError, searchAddresses } from '@/lib/crm/address-search';
import { db } from '@/lib/db';
import { HttpError } from '@/lib/http/errors';
import { geocoderAccess } from '@/lib/integrations/geocoder-access';
import { updateGeocoderCredentials } from '@/lib/integrations/geocoder-credentials';
import { getIntegrationView } from '@/lib/integrations/settings-view';
import { createOrganizationWithUsers, ROLES } from '../support/fixtures';
import { rejectionOf } from '../support/rejection-of';

/**
 * A secured ArcGIS locator: the login is stored encrypted, exchanged at the server's generateToken
 * for tokens that are reused, renewed before they expire and once more when the locator refuses
 * them; a refused login says why in Esri's words.
 */

const USER = 'gis-311';
const PASSWORD = 'Locator-Pa55-Springfield';
const API_KEY = 'AAPK-city-locator-key-91';

let secured: ArcgisEmulator;
let shortLived: ArcgisEmulator;

beforeAll(async () => {
  secured = await startArcgisEmulator({ requireToken: true, tokens: [API_KEY], users: { [USER]: PASSWORD } });
  // Tokens that live 3 s: less than the renewal margin, so every use must renew first.
  shortLived = await startArcgisEmulator({ requireToken: true, tokens: [], users: { [USER]: PASSWORD }, tokenLifetimeMs: 3_000 });
});

afterAll(async () => {
  await secured?.close();
  await shortLived?.close();
});

async function city(title: string, geocoderUrl: string) {
  const f = await createOrganizationWithUsers(db, title);
  const actors = {} as Record<Role, Actor>;
  for (const role of ROLES) actors[role] = (await loadActor(f.users[role].id))!;
  const deps = (role: Role) => ({ db, actor: actors[role], organizationId: f.org.id });
  await updateGeocoderCredentials(deps('CUSTOMER_ADMIN'), { kind: 'NONE' });
  const integration = await db.integration.findFirstOrThrow({ where: { organizationId: f.org.id } });
  await db.integration.update({ where: { id: integration.id }, data: { geocoderUrl } });
  return { ...f, actors, deps, integrationId: integration.id };
}

const tokenCalls = (emu: ArcgisEmulator) => emu.calls.filter((c) => c.path.toLowerCase().endsWith('/generatetoken')).length;

describe('geocoder credentials: storage, permissions, audit', () => {
  it('stores the login encrypted, shows only the user name and when the password was set, audits without values', async () => {
    const c = await city('Secured Springfield', secured.url);
    await expect(updateGeocoderCredentials(c.deps('STAFF'), { kind: 'USER_PASSWORD', username: USER, password: PASSWORD })).rejects.toSatisfy((e: unknown) => e instanceof HttpError && e.status === 403);
    const noPassword = await updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'USER_PASSWORD', username: USER }).catch((e: unknown) => e);
    expect((noPassword as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['password']);

    await expect(updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'USER_PASSWORD', username: USER, password: PASSWORD })).resolves.toMatchObject({ changed: ['kind', 'username', 'password'] });
    const rows = await db.integrationSecret.findMany({ where: { integrationId: c.integrationId } });
    expect(rows.map((r) => r.name).sort()).toEqual(['GEOCODER_PASSWORD', 'GEOCODER_USERNAME']);
    for (const r of rows) expect(Buffer.from(r.ciphertext).toString('utf8')).not.toContain(PASSWORD);

    for (const role of ROLES) {
      const view = await getIntegrationView(db, c.actors[role], c.org.id);
      expect(view.geocoderAuth).toMatchObject({ kind: 'USER_PASSWORD', username: USER, secretSetAt: expect.stringMatching(/^\d{4}-/) });
      expect(JSON.stringify(view)).not.toContain(PASSWORD);
    }
    // The same user with an empty password keeps the stored one; a new user needs a password.
    await expect(updateGeocoderCredentials(c.deps('IMPLEMENTATION_MANAGER'), { kind: 'USER_PASSWORD', username: USER, password: '' })).resolves.toMatchObject({ changed: [] });
    await expect(updateGeocoderCredentials(c.deps('IMPLEMENTATION_MANAGER'), { kind: 'USER_PASSWORD', username: 'someone-else', password: '' })).rejects.toBeInstanceOf(ZodError);

    // Switching to an API key drops the login: a stale secret is never sent beside the new one.
    await updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'API_KEY', apiKey: API_KEY });
    expect((await db.integrationSecret.findMany({ where: { integrationId: c.integrationId } })).map((r) => r.name)).toEqual(['GEOCODER_TOKEN']);
    await updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'NONE' });
    expect(await db.integrationSecret.count({ where: { integrationId: c.integrationId } })).toBe(0);

    const audits = await db.auditLog.findMany({ where: { organizationId: c.org.id, action: 'integration.geocoder-credentials.update' }, orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => a.changes)).toEqual([
      { kind: { from: 'NONE', to: 'USER_PASSWORD' }, username: { from: null, to: USER }, password: { set: true } },
      { kind: { from: 'USER_PASSWORD', to: 'API_KEY' }, apiKey: { set: true } },
      { kind: { from: 'API_KEY', to: 'NONE' } },
    ]);
    expect(JSON.stringify(audits.map((a) => a.changes))).not.toContain(PASSWORD);
    expect(JSON.stringify(audits.map((a) => a.changes))).not.toContain(API_KEY);
  });
});

describe('geocoder credentials: tokens from the secured locator', () => {
  it('a login is exchanged for a token once, reused while it is fresh, and searches the secured locator', async () => {
    const c = await city('Token Town', secured.url);
    await updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'USER_PASSWORD', username: USER, password: PASSWORD });
    const before = tokenCalls(secured);
    const found = await searchAddresses(db, c.org.slug, '201 E Adams St');
    expect(found[0]?.address).toMatch(/^201 E Adams St/);
    await searchAddresses(db, c.org.slug, '301 E Monroe St');
    expect(tokenCalls(secured) - before).toBe(1);
    const exchange = secured.calls.filter((x) => x.path.toLowerCase().endsWith('/generatetoken')).at(-1)!;
    expect(exchange).toMatchObject({ method: 'POST', params: { username: USER, password: PASSWORD, client: 'requestip', f: 'json' } });
    const searches = secured.calls.filter((x) => x.path.endsWith('/findAddressCandidates')).slice(-2);
    expect(searches.every((x) => x.errorCode === undefined && x.params.token?.startsWith('issued-'))).toBe(true);
  });

  it('renews a token before it expires, not after a failed call', async () => {
    const c = await city('Short Lived City', shortLived.url);
    await updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'USER_PASSWORD', username: USER, password: PASSWORD });
    const before = tokenCalls(shortLived);
    await searchAddresses(db, c.org.slug, '201 E Adams St');
    await searchAddresses(db, c.org.slug, '201 E Adams St');
    expect(tokenCalls(shortLived) - before).toBe(2);
    expect(shortLived.calls.filter((x) => x.errorCode === 498)).toEqual([]);
  });

  it('a token the locator stops accepting (498) is replaced once and the call goes through', async () => {
    const c = await city('Revoked City', secured.url);
    await updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'USER_PASSWORD', username: USER, password: PASSWORD });
    await searchAddresses(db, c.org.slug, '201 E Adams St');
    secured.revokeIssuedTokens();
    const before = tokenCalls(secured);
    const found = await searchAddresses(db, c.org.slug, '201 E Adams St');
    expect(found[0]?.address).toMatch(/^201 E Adams St/);
    expect(tokenCalls(secured) - before).toBe(1);
    expect(secured.calls.filter((x) => x.path.endsWith('/findAddressCandidates')).slice(-2).map((x) => x.errorCode)).toEqual([498, undefined]);
  });

  it('an API key is sent as the token, with no exchange', async () => {
    const c = await city('Key City', secured.url);
    await updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'API_KEY', apiKey: API_KEY });
    const before = tokenCalls(secured);
    expect((await searchAddresses(db, c.org.slug, '201 E Adams St'))[0]?.address).toMatch(/^201 E Adams St/);
    expect(tokenCalls(secured)).toBe(before);
    expect(secured.calls.at(-1)!.params.token).toBe(API_KEY);
  });

  it('a refused login says why, in Esri\'s words, as a typed ArcgisError; the citizen sees no detail', async () => {
    const c = await city('Wrong Password City', secured.url);
    await updateGeocoderCredentials(c.deps('CUSTOMER_ADMIN'), { kind: 'USER_PASSWORD', username: USER, password: 'not-the-password' });
    const err = await rejectionOf(geocoderAccess(db, c.integrationId, secured.url), ArcgisError);
    expect(err).toMatchObject({ kind: 'token', operation: 'generateToken', arcgisCode: 400, retryable: false });
    expect(err.reason).toBe("The geocoder's token service refused the user name and password (400: Unable to generate token: Invalid username or password).");
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const refused = await rejectionOf(searchAddresses(db, c.org.slug, '201 E Adams St'), AddressSearchError);
      expect(refused.code).toBe('GEOCODER_FAILED');
      expect(refused.message).not.toContain('password');
      expect(String(warn.mock.calls[0]?.[0])).toContain('Invalid username or password');
    } finally {
      warn.mockRestore();
    }
  });

  it('a locator that wants a token and gets none says so (499) with the setting to fix', async () => {
    const c = await city('No Credentials City', secured.url);
    const { findAddressCandidates } = await import('@/lib/arcgis');
    const err = await rejectionOf(findAddressCandidates({ url: secured.url, ...(await geocoderAccess(db, c.integrationId, secured.url)) }, '201 E Adams St'), ArcgisError);
    expect(err).toMatchObject({ kind: 'token', arcgisCode: 499 });
    expect(err.reason).toBe('The geocoder requires a token (499: Token Required); set its user name and password or API key on the integration page.');
  });
});
