import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '@/emulators/cityworks/types';
import { db } from '@/lib/db';
import { createIssue } from '@/lib/crm/create-issue';
import { startSyncWorld, type SyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';

/**
 * The exact request the whole submit-issue job puts on the wire, per dialect and mode: 23 sends
 * the token in an `Authorization: cityworks <token>` header under Services/Ams; 2013 sends it as a
 * `token` form field under Services/AMS (its one module). Both post `data` as a form field.
 * 2013 cities keep their own SRID: here Illinois East state plane (EPSG:3435, US feet).
 */
const REPORT = { summary: 'Pothole on Main', description: 'Deep', lat: 39.7817, lng: -89.6501, address: '100 Main St', reporterName: 'Ada Lovelace', reporterEmail: 'ada@example.org' };
const WEB_MERCATOR = { x: (6378137 * REPORT.lng * Math.PI) / 180, y: 6378137 * Math.log(Math.tan(Math.PI / 4 + (REPORT.lat * Math.PI) / 360)) };
// proj4 with the EPSG:3435 definition, pinned: a change here means the projection changed.
const ILLINOIS_EAST_FT = { x: 614171.8900786071, y: 1137110.507072529 };

const DIALECTS = [
  { version: '23', srid: 3857, xy: WEB_MERCATOR, prefix: '/cityworks/Services/Ams', token: 'header' },
  { version: '2013', srid: 3435, xy: ILLINOIS_EAST_FT, prefix: '/cityworks/Services/AMS', token: 'form' },
] as const;

async function submitted(w: SyncWorld, requestTypeId: string, service: string, marker: string): Promise<{ number: number; call: RecordedCall }> {
  const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId, ...REPORT });
  await waitFor(async () => (await db.issue.findUniqueOrThrow({ where: { id: created.id } })).status === 'ACKNOWLEDGED', 20_000);
  const calls = w.emu.calls.filter((c) => c.service === service && (c.data as Record<string, unknown>)[marker] === String(created.number));
  expect(calls).toHaveLength(1);
  return { number: created.number, call: calls[0]! };
}

function expectToken(call: RecordedCall, where: 'header' | 'form'): void {
  expect(call.query).toEqual({});
  if (where === 'header') {
    expect(call.headers.authorization).toMatch(/^cityworks [A-Za-z0-9+/=]{20,}$/);
    expect(Object.keys(call.form)).toEqual(['data']);
  } else {
    expect(call.headers.authorization).toBeUndefined();
    expect(Object.keys(call.form)).toEqual(['data', 'token']);
    expect(call.form.token).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
  }
  expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
  expect(JSON.parse(call.form.data!)).toEqual(call.data);
}

for (const d of DIALECTS) {
  describe(`Cityworks ${d.version}: the whole submit-issue job`, () => {
    let w: SyncWorld;
    beforeAll(async () => {
      w = await startSyncWorld(db, { version: d.version, srid: d.srid });
    }, 30_000);
    afterAll(async () => {
      await w?.close();
    });

    it('signs in on its dialect path', async () => {
      await submitted(w, w.srTypeId, 'ServiceRequest/Create', 'OtherSystemId');
      const login = w.emu.calls.find((c) => c.service === 'Authentication/Authenticate')!;
      expect(login).toMatchObject({
        method: 'POST',
        path: d.version === '2013' ? '/cityworks/Services/AMS/Authentication/Authenticate' : '/cityworks/Services/General/Authentication/Authenticate',
        query: {},
        data: { LoginName: 'api311', Password: 'Springfield!311' },
      });
      expect(Object.keys(login.form)).toEqual(['data']);
    });

    it('service request: exact create request', async () => {
      const { number, call } = await submitted(w, w.srTypeId, 'ServiceRequest/Create', 'OtherSystemId');
      expect(call.method).toBe('POST');
      expect(call.path).toBe(`${d.prefix}/ServiceRequest/Create`);
      expectToken(call, d.token);
      expect(Object.keys(call.data as object)).toEqual(['ProblemSid', 'Details', 'X', 'Y', 'Address', 'InitiatedByApp', 'OtherSystemId', 'CallerFirstName', 'CallerLastName', 'CallerEmail']);
      expect(call.data).toEqual({
        ProblemSid: 101,
        Details: 'Pothole on Main\nDeep',
        X: expect.closeTo(d.xy.x, 3),
        Y: expect.closeTo(d.xy.y, 3),
        Address: '100 Main St',
        InitiatedByApp: 'CivicBridge',
        OtherSystemId: String(number),
        CallerFirstName: 'Civic Bridge 311 CRM',
        CallerLastName: 'Ada Lovelace',
        CallerEmail: 'ada@example.org',
      });
    });

    it('work order: exact create request', async () => {
      const { number, call } = await submitted(w, w.woTypeId, 'WorkOrder/Create', 'Text20');
      expect(call.method).toBe('POST');
      expect(call.path).toBe(`${d.prefix}/WorkOrder/Create`);
      expectToken(call, d.token);
      expect(Object.keys(call.data as object)).toEqual(['Text20', 'WOTemplateId', 'EntityType', 'X', 'Y', 'Address', 'Comments', 'InitiatedByApp']);
      expect(call.data).toEqual({
        Text20: String(number),
        WOTemplateId: '301',
        EntityType: 'STREET',
        X: expect.closeTo(d.xy.x, 3),
        Y: expect.closeTo(d.xy.y, 3),
        Address: '100 Main St',
        Comments: 'Pothole on Main\nDeep',
        InitiatedByApp: 'CivicBridge',
      });
    });
  });
}
