import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { loadActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { createIssue } from '@/lib/crm/create-issue';
import { testConnection } from '@/lib/integrations/test-connection';
import { updateConnection, updateCredentials, updateSettings } from '@/lib/integrations/update-integration';
import { listWorkOrderTemplates } from '@/lib/integrations/work-order-templates';
import { readSettings } from '@/lib/integrations/settings';
import { NoWorkOrderTemplatesError, syncCategories } from '@/lib/sync/sync-categories';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { createOrganizationWithUsers } from '../support/fixtures';
import { startSyncWorld } from '../sync/sync-fixture';
import { waitFor } from '../support/wait-for';

const connection = (mode: 'SERVICE_REQUESTS' | 'WORK_ORDERS' | 'BOTH') => ({
  version: 'V15_8', deployment: 'ON_PREMISE', mode, environment: 'TEST', srid: 3857, geocoderUrl: null, validateAddress: false, botDisplayName: null,
});

describe('work order mode set up through the integration settings (emulator, real DB)', () => {
  let emu: CityworksEmulator;
  let admin: Actor;
  let manager: Actor;
  let staff: Actor;
  let orgId: string;
  const deps = (actor = manager) => ({ db, actor, organizationId: orgId, client: { timeoutMs: 3_000 } });
  const creds = (loginName = 'api311', password = 'Springfield!311') => updateCredentials(deps(), { environment: 'TEST', endpointUrl: emu.url, loginName, password });
  const settings = async () => readSettings((await db.integration.findFirstOrThrow({ where: { organizationId: orgId } })).settings);

  beforeAll(async () => {
    emu = await startCityworksEmulator({ port: 0, version: '15.8' });
    const f = await createOrganizationWithUsers(db, 'Work Order Falls');
    orgId = f.org.id;
    admin = (await loadActor(f.users.CUSTOMER_ADMIN.id))!;
    manager = (await loadActor(f.users.IMPLEMENTATION_MANAGER.id))!;
    staff = (await loadActor(f.users.STAFF.id))!;
    await creds();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('lists the templates Cityworks gives for an entity type, with their names, and the saved ones it no longer lists', async () => {
    await updateSettings(deps(), { workOrderTemplates: ['302', '999'], workOrderEntityType: 'STREET' });
    const r = await listWorkOrderTemplates(deps(), { entityType: 'STREET' });
    expect(r).toEqual({
      reachable: true,
      entityType: 'STREET',
      templates: [
        { id: '301', description: 'Pothole Repair', category: 'STREETS' },
        { id: '302', description: 'Sidewalk Repair', category: 'STREETS' },
      ],
      missing: ['999'],
    });
    const trees = await listWorkOrderTemplates(deps(), { entityType: 'tree' });
    expect(trees.reachable && trees.templates.map((t) => t.description)).toEqual(['Tree Removal']);
    expect(trees.missing).toEqual(['302', '999']);
    await expect(listWorkOrderTemplates(deps(staff), { entityType: 'STREET' })).rejects.toMatchObject({ status: 403 });
    await expect(listWorkOrderTemplates(deps(admin), { entityType: 'STREET' })).rejects.toMatchObject({ status: 403 });
    await expect(listWorkOrderTemplates(deps(), { entityType: ' ' })).rejects.toThrow(/entity type/);
  });

  it('an unreachable Cityworks is an answer with its reason, not an error', async () => {
    emu.faults.set({ service: '*', kind: 'html-error' });
    try {
      const r = await listWorkOrderTemplates(deps(), { entityType: 'STREET' });
      expect(r.reachable).toBe(false);
      expect(!r.reachable && r.reason).toMatch(/Cityworks/);
    } finally {
      emu.faults.clear();
    }
  });

  it('in work order mode, refuses the issue-number field for the image URL, and an empty template list', async () => {
    await updateConnection(deps(), connection('WORK_ORDERS'));
    await expect(updateSettings(deps(), { workOrderTemplates: ['301'], imageUrlField: 'Text20' })).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'imageUrlField', message: expect.stringMatching(/Text20 carries our issue number/) }],
    });
    await expect(updateSettings(deps(), { workOrderTemplates: [] })).rejects.toMatchObject({ status: 400, details: [{ path: 'workOrderTemplates' }] });
    await expect(updateSettings(deps(), { workOrderTemplates: ['301'], workOrderReporterNameField: 'Text4', workOrderReporterEmailField: 'Text4' })).rejects.toMatchObject({
      details: [{ path: 'workOrderReporterEmailField' }],
    });
    // Nothing half-written: the stored settings are those of the last accepted save.
    expect((await settings()).workOrderTemplates).toEqual(['302', '999']);

    await updateSettings(deps(), { workOrderTemplates: ['301'], imageUrlField: 'Text20', workOrderIssueNumberField: 'Text19', workOrderReporterNameField: 'Text1', workOrderReporterEmailField: 'Text2' });
    expect(await settings()).toMatchObject({ imageUrlField: 'Text20', workOrderIssueNumberField: 'Text19', workOrderReporterNameField: 'Text1' });
    await expect(updateSettings(deps(staff), { workOrderTemplates: ['301'] })).rejects.toMatchObject({ status: 403 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { organizationId: orgId, action: 'integration.settings.update' }, orderBy: { createdAt: 'desc' } });
    expect(JSON.stringify(audit.changes)).toContain('workOrderIssueNumberField');
  });

  it('an SR-only city may keep Text20 for the image URL, but cannot switch to work orders with that clash', async () => {
    await updateConnection(deps(), connection('SERVICE_REQUESTS'));
    await updateSettings(deps(), { imageUrlField: 'Text20' });
    await expect(updateConnection(deps(), connection('WORK_ORDERS'))).rejects.toMatchObject({ status: 400, details: [{ path: 'imageUrlField' }] });
    expect((await db.integration.findFirstOrThrow({ where: { organizationId: orgId } })).mode).toBe('SERVICE_REQUESTS');
    await updateSettings(deps(), { imageUrlField: 'Text3', workOrderTemplates: ['301', '302'] });
    await updateConnection(deps(), connection('WORK_ORDERS'));
  });

  it('test connection checks work order create permission without creating one', async () => {
    const r = await testConnection(deps(admin), { environment: 'TEST' });
    expect(r).toMatchObject({ ok: true, outcome: 'success', writePermission: 'not-refused' });
    expect(r.checks.find((c) => c.name === 'Work order create permission')).toMatchObject({ state: 'ok', message: expect.stringContaining('301, 302') });
    expect(emu.calls.filter((c) => c.service === 'WorkOrder/Create')).toHaveLength(0);
    expect(emu.calls.some((c) => c.service === 'WorkOrder/Templates' && (c.data as { CanCreate?: unknown }).CanCreate === true)).toBe(true);
  });

  it('test connection: a user who may read but not create work orders lacks permission', async () => {
    await creds('viewer', 'viewer');
    try {
      const r = await testConnection(deps(), { environment: 'TEST' });
      expect(r).toMatchObject({ ok: false, outcome: 'permission', writePermission: 'refused' });
      expect(r.checks.find((c) => c.name === 'Read work order templates')?.state).toBe('ok');
      expect(r.checks.at(-1)).toMatchObject({ name: 'Work order create permission', state: 'failed', message: expect.stringContaining('301, 302') });
    } finally {
      await creds();
    }
  });

  it('test connection warns about a chosen template Cityworks no longer lists', async () => {
    await updateSettings(deps(), { workOrderTemplates: ['301', '410'] });
    const r = await testConnection(deps(), { environment: 'TEST' });
    expect(r.ok).toBe(true);
    expect(r.checks.find((c) => c.name === 'Work order create permission')).toMatchObject({ state: 'warning', message: expect.stringMatching(/not from 410/) });
  });
});

describe('category sync in work order mode with no template chosen', () => {
  it('says why instead of syncing nothing, and hides no existing work order category', async () => {
    const w = await startSyncWorld(db, { mode: 'WORK_ORDERS', settings: { workOrderTemplates: [] } });
    try {
      await expect(syncCategories(db, w.integrationId)).rejects.toBeInstanceOf(NoWorkOrderTemplatesError);
      expect((await db.requestType.findUniqueOrThrow({ where: { id: w.woTypeId } })).hidden).toBe(false);
      const cursor = await db.syncCursor.findFirstOrThrow({ where: { integrationId: w.integrationId, stream: 'categories' } });
      expect(JSON.stringify(cursor)).toMatch(/No work order templates are chosen/);
    } finally {
      await w.close();
    }
  });

  it('in both modes the service request problems still sync, and the run says the templates are missing', async () => {
    const w = await startSyncWorld(db, { mode: 'BOTH', settings: { workOrderTemplates: [] } });
    try {
      const counts = await syncCategories(db, w.integrationId);
      expect(counts.inserted).toBeGreaterThan(0);
      expect((await db.requestType.findUniqueOrThrow({ where: { id: w.woTypeId } })).hidden).toBe(false);
      const event = await db.syncCursor.findFirstOrThrow({ where: { integrationId: w.integrationId, stream: 'categories' } });
      expect(JSON.stringify(event)).toMatch(/No work order templates are chosen/);
    } finally {
      await w.close();
    }
  });
});

describe('a work order created with the fields the city chose', () => {
  it('carries our issue number in the chosen field, the image URL in its own and the reporter where chosen', async () => {
    const w = await startSyncWorld(db, {
      mode: 'WORK_ORDERS',
      settings: { workOrderTemplates: ['301'], imageUrlField: 'Text20', workOrderIssueNumberField: 'Text19', workOrderReporterNameField: 'Text1', workOrderReporterEmailField: 'Text2' },
    });
    try {
      const created = await createIssue(db, w.boss, {
        organizationId: w.organizationId,
        requestTypeId: w.woTypeId,
        summary: 'Pothole on Main',
        description: 'Deep',
        lat: 39.7817,
        lng: -89.6501,
        address: '100 Main St',
        reporterName: 'Ada Lovelace',
        reporterEmail: 'ada@example.org',
      });
      const link = await waitFor(() => db.remoteLink.findFirst({ where: { issueId: created.id, remoteKind: 'WORK_ORDER' } }), 20_000);
      const wo = w.emu.state.workOrders.find((x) => x.WorkOrderId === link.remoteId)!;
      expect(wo).toMatchObject({ WOTemplateId: '301', Text19: String(created.number), Text1: 'Ada Lovelace', Text2: 'ada@example.org' });
      expect(wo.Text20).toBe('');
    } finally {
      await w.close();
    }
  });
});
