import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArcgisEmulator, type ArcgisEmulator } from '@/emulators/arcgis/server';
import { createIssue } from '@/lib/crm/create-issue';
import { db } from '@/lib/db';
import { setIntegrationSecret } from '@/lib/secrets/integration-secrets';
import { startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';

/**
 * The whole submit-issue job with address validation against a secured locator: the stored login
 * is exchanged for a token, the reverse-geocoded address goes to Cityworks, and a refused login is
 * recorded with Esri's reason while the report still goes through with the address as reported.
 */

const USER = 'gis-311';
const PASSWORD = 'Locator-Pa55-Springfield';
// On E Adams St, 201 block (emulators/arcgis/addresses.ts).
const AT = { lat: 39.7999, lng: -89.6485 };

let w: SyncWorld;
let arcgis: ArcgisEmulator;

beforeAll(async () => {
  arcgis = await startArcgisEmulator({ requireToken: true, tokens: [], users: { [USER]: PASSWORD } });
  w = await startSyncWorld(db);
  await db.integration.update({ where: { id: w.integrationId }, data: { geocoderUrl: arcgis.url, validateAddress: true } });
  await setIntegrationSecret(db, w.integrationId, 'GEOCODER_USERNAME', USER);
}, 30_000);

afterAll(async () => {
  await w?.close();
  await arcgis?.close();
});

async function submitted(summary: string) {
  const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, summary, description: '', ...AT, address: 'near the bank', reporterName: null, reporterEmail: null });
  await waitFor(async () => ((await db.issue.findUniqueOrThrow({ where: { id: created.id } })).status === 'ACKNOWLEDGED' ? true : null), 20_000);
  const create = w.emu.calls.find((c) => c.service === 'ServiceRequest/Create' && (c.data as { OtherSystemId?: string }).OtherSystemId === String(created.number));
  const step = await db.syncEvent.findFirstOrThrow({ where: { issueId: created.id, operation: 'ArcGIS/reverseGeocode' } });
  return { address: (create?.data as { Address?: string } | undefined)?.Address, step };
}

describe('submit-issue with a secured geocoder', () => {
  it('signs in with the stored login and sends the verified address', async () => {
    await setIntegrationSecret(db, w.integrationId, 'GEOCODER_PASSWORD', PASSWORD);
    const { address, step } = await submitted('Secured locator, good login');
    expect(address).toBe('201 E Adams St, Springfield, IL, 62701');
    expect(step).toMatchObject({ outcome: 'OK', message: 'Verified address: 201 E Adams St, Springfield, IL, 62701' });
    const reverse = arcgis.calls.filter((c) => c.path.endsWith('/reverseGeocode'));
    expect(reverse.at(-1)!.params.token).toMatch(/^issued-/);
    expect(reverse.at(-1)!.errorCode).toBeUndefined();
    expect(arcgis.calls.some((c) => c.path.endsWith('/generateToken') && c.params.username === USER)).toBe(true);
  });

  it('a refused login is recorded with Esri\'s reason; the report goes through with the reported address', async () => {
    await setIntegrationSecret(db, w.integrationId, 'GEOCODER_PASSWORD', 'an-old-password');
    const { address, step } = await submitted('Secured locator, wrong password');
    expect(address).toBe('near the bank');
    expect(step.outcome).toBe('ERROR');
    expect(step.message).toContain('Invalid username or password');
  });
});
