import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { loadActor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listIntegrationAudit } from '@/lib/integrations/integration-audit';
import { readSettings } from '@/lib/integrations/settings';
import { ianaTimeZones } from '@/lib/integrations/time-zones';
import { updateSettings } from '@/lib/integrations/update-integration';
import { importRequests } from '@/lib/sync/import-requests';
import { INSIDE, setUp, type Fixture } from '../sync-inbound/support';
import { createOrganizationWithUsers } from '../support/fixtures';

/**
 * The Cityworks server's time zone: chosen from the IANA list, stored canonical, audited, and used
 * to read the zone-less times Cityworks writes.
 */

/** The wall time an instant shows in a zone, as Cityworks writes it ("2026-07-01T08:00:00"). */
function wallTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(instant)
    .replace(' ', 'T');
}

describe('server time zone setting', () => {
  it('offers the IANA list, with UTC', () => {
    const zones = ianaTimeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('America/Chicago');
    expect(zones).toContain('Europe/Paris');
    expect(zones.length).toBeGreaterThan(300);
  });

  it('is validated against the list, stored under its canonical name, and audited', async () => {
    const f = await createOrganizationWithUsers(db, 'Zoned City');
    const im = { db, actor: (await loadActor(f.users.IMPLEMENTATION_MANAGER.id))!, organizationId: f.org.id };
    await updateSettings(im, {});
    const stored = async () => readSettings((await db.integration.findFirstOrThrow({ where: { organizationId: f.org.id } })).settings).serverTimeZone;
    expect(await stored()).toBe('UTC');

    for (const bad of ['Mars/Olympus_Mons', '+05:00', 'Central Standard Time', '']) {
      const err = await updateSettings(im, { serverTimeZone: bad }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZodError);
      expect((err as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['serverTimeZone']);
      expect(await stored()).toBe('UTC');
    }

    await expect(updateSettings(im, { serverTimeZone: 'US/Central' })).resolves.toMatchObject({ changed: ['serverTimeZone'] });
    expect(await stored()).toBe('America/Chicago');
    // The alias of the stored zone is no change.
    await expect(updateSettings(im, { serverTimeZone: 'America/Chicago' })).resolves.toMatchObject({ changed: [] });

    const entries = await listIntegrationAudit((await loadActor(f.users.IMPLEMENTATION_MANAGER.id))!, f.org.id);
    expect(entries.filter((e) => e.action === 'integration.settings.update').map((e) => e.changes)).toEqual([{ serverTimeZone: { from: 'UTC', to: 'America/Chicago' } }]);
  });
});

describe('server time zone in the request import', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp('Chicago Time City', { switches: { importRequests: true, importComments: true, importImages: true, autoSyncQuestions: true, handleCancel: true }, serverTimeZone: 'America/Chicago' });
  });
  afterAll(async () => {
    await f.emulator.close();
  });

  it('reads DateTimeInit as Chicago wall time: the imported issue is dated at the real instant', async () => {
    const instant = new Date(Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000);
    const sr = await f.staff<{ RequestId: number }>('requests', { ProblemSid: 102, lon: INSIDE.lon, lat: INSIDE.lat, Details: 'Streetlight out' });
    const record = f.emulator.state.requests.find((r) => r.RequestId === sr.RequestId)!;
    record.DateTimeInit = wallTime(instant, 'America/Chicago');

    const result = await importRequests(db, f.integrationId);
    expect(result.imported).toBe(1);
    const link = await db.remoteLink.findFirstOrThrow({ where: { integrationId: f.integrationId, remoteId: String(sr.RequestId) }, include: { issue: true } });
    expect(link.issue.createdAt.toISOString()).toBe(instant.toISOString());
  });
});
