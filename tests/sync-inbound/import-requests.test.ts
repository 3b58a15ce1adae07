import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { readCursor } from '@/lib/sync/cursors';
import { importRequests } from '@/lib/sync/import-requests';
import { IN_HOLE, INSIDE, OUTSIDE, setUp, type Fixture } from './support';

describe('import-requests: SRs created in Cityworks become issues', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp('Import City', { switches: { importRequests: true, importComments: true, importImages: true, autoSyncQuestions: true, handleCancel: true } });
  });
  afterAll(async () => {
    await f.emulator.close();
  });

  const linkFor = (requestId: number) => db.remoteLink.findFirst({ where: { integrationId: f.integrationId, remoteId: String(requestId) }, include: { issue: true } });

  it('imports one inside the agency, not one outside it, nor one inside a hole, nor one of ours', async () => {
    const inside = await f.staff<{ RequestId: number }>('requests', { ProblemSid: 102, lon: INSIDE.lon, lat: INSIDE.lat, Details: 'Tagged wall', Address: '12 ELM ST' });
    const outside = await f.staff<{ RequestId: number }>('requests', { ProblemSid: 102, lon: OUTSIDE.lon, lat: OUTSIDE.lat });
    const hole = await f.staff<{ RequestId: number }>('requests', { ProblemSid: 102, lon: IN_HOLE.lon, lat: IN_HOLE.lat });
    const ours = await f.staff<{ RequestId: number }>('requests', { ProblemSid: 102, lon: INSIDE.lon, lat: INSIDE.lat, InitiatedByApp: 'CivicBridge', OtherSystemId: '999' });

    const result = await importRequests(db, f.integrationId);
    expect(result.imported).toBe(1);
    expect(result.outside).toBeGreaterThanOrEqual(2);
    expect(result.ours).toBeGreaterThanOrEqual(1);

    const link = await linkFor(inside.RequestId);
    expect(link).not.toBeNull();
    expect(link!.active).toBe(true);
    expect(link!.remoteKind).toBe('SERVICE_REQUEST');
    expect(link!.issue).toMatchObject({ status: 'ACKNOWLEDGED', source: 'REMOTE_IMPORT', description: 'Tagged wall', organizationId: f.organizationId });
    expect(link!.issue.lat).toBeCloseTo(INSIDE.lat, 6);
    expect(link!.issue.lng).toBeCloseTo(INSIDE.lon, 6);
    expect(link!.issue.address).toContain('12 ELM ST');
    expect(await linkFor(outside.RequestId)).toBeNull();
    expect(await linkFor(hole.RequestId)).toBeNull();
    expect(await linkFor(ours.RequestId)).toBeNull();
  });

  it('never duplicates across runs, and the cursor records its window with an overlap', async () => {
    const before = await db.issue.count({ where: { organizationId: f.organizationId } });
    const again = await importRequests(db, f.integrationId);
    expect(again.imported).toBe(0);
    expect(again.alreadyLinked).toBeGreaterThanOrEqual(1);
    expect(await db.issue.count({ where: { organizationId: f.organizationId } })).toBe(before);

    const cursor = await readCursor(db, f.integrationId, 'import-requests');
    expect(cursor.cursor.initBegin).toBeDefined();
    expect(cursor.windowStart!.getTime()).toBeLessThan(new Date(cursor.cursor.initBegin!).getTime());
    expect(cursor.lastSuccessAt).not.toBeNull();
    expect(cursor.lagMs).toBeGreaterThanOrEqual(0);

    const later = await f.staff<{ RequestId: number }>('requests', { ProblemSid: 101, lon: INSIDE.lon, lat: INSIDE.lat });
    const third = await importRequests(db, f.integrationId);
    expect(third.imported).toBe(1);
    expect((await linkFor(later.RequestId))?.issue.status).toBe('ACKNOWLEDGED');
  });

  it('does nothing when the switch is off', async () => {
    const other = await setUp('Import Off City');
    try {
      await other.staff('requests', { ProblemSid: 101, lon: INSIDE.lon, lat: INSIDE.lat });
      const result = await importRequests(db, other.integrationId);
      expect(result.imported).toBe(0);
      expect(await db.issue.count({ where: { organizationId: other.organizationId } })).toBe(0);
    } finally {
      await other.emulator.close();
    }
  });
});
