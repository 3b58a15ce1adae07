import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { readSettings, type IntegrationSettings } from '@/lib/integrations/settings';
import { pollUpdates } from '@/lib/sync/poll-updates';
import { commentsOf, INSIDE, setUp, type Fixture } from './support';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/**
 * Work order polling, mirroring the service request suite (poll-updates.test.ts) against the
 * emulator in WO mode, driven by its staff API: close, cancel, the public prefix on comments and
 * attachments, the activity baseline, and a fixed number of calls per cycle.
 */
describe('poll-updates for work orders', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp(
      'WO Poll City',
      {
        workOrderTemplates: ['301'],
        closedStatuses: ['CLOSED'],
        canceledStatuses: ['CANCEL'],
        observedField: { field: 'Status', message: '{remoteKind} {remoteId} is now {value}.' },
        messages: {
          acknowledgment: 'Ack {remoteId}',
          closing: { default: 'Work order {remoteId} done, thank you.', byStatus: {} },
          cancel: { default: 'Not accepted; reopened.', byStatus: {} },
        },
      },
      'WORK_ORDERS',
    );
  });
  afterAll(async () => {
    await f.emulator.close();
  });

  /** A work order as submit-issue leaves it: created in Cityworks, linked to an acknowledged issue. */
  async function acknowledgedWorkOrder(): Promise<{ issueId: string; workOrderId: string; number: number }> {
    const wo = await f.staff<{ WorkOrderId: string }>('workorders', { WOTemplateId: '301', lon: INSIDE.lon, lat: INSIDE.lat, InitiatedByApp: 'CivicBridge' });
    const issue = await db.issue.create({
      data: { organizationId: f.organizationId, status: 'ACKNOWLEDGED', summary: 'Pothole', lat: INSIDE.lat, lng: INSIDE.lon, acknowledgedAt: new Date() },
    });
    await db.remoteLink.create({ data: { integrationId: f.integrationId, issueId: issue.id, environment: 'TEST', remoteKind: 'WORK_ORDER', remoteId: wo.WorkOrderId, remoteStatus: 'OPEN' } });
    return { issueId: issue.id, workOrderId: wo.WorkOrderId, number: issue.number };
  }
  async function withSettings(p: (s: IntegrationSettings) => Partial<IntegrationSettings>, run: () => Promise<void>) {
    const row = await db.integration.findUniqueOrThrow({ where: { id: f.integrationId } });
    const current = readSettings(row.settings);
    await db.integration.update({ where: { id: f.integrationId }, data: { settings: { ...current, ...p(current) } as object } });
    try {
      await run();
    } finally {
      await db.integration.update({ where: { id: f.integrationId }, data: { settings: row.settings as object } });
    }
  }
  const ofKind = async (issueId: string, kind: string) => (await commentsOf(issueId)).filter((c) => c.kind === kind).map((c) => c.body);

  it('closes the issue with the closing message and never polls the work order again', async () => {
    const { issueId, workOrderId } = await acknowledgedWorkOrder();
    await f.staff(`workorders/${workOrderId}/close`, {});
    const result = await pollUpdates(db, f.integrationId);
    expect(result.closed).toBe(1);
    expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('CLOSED');
    expect(await ofKind(issueId, 'CLOSING')).toEqual([`Work order ${workOrderId} done, thank you.`]);
    const link = await db.remoteLink.findFirstOrThrow({ where: { issueId } });
    expect(link).toMatchObject({ active: false, remoteStatus: 'CLOSED' });
    expect(link.endedReason).toBe('closed in Cityworks (CLOSED)');

    const before = f.emulator.calls.length;
    await pollUpdates(db, f.integrationId);
    for (const c of f.emulator.calls.slice(before).filter((c) => c.service === 'WorkOrder/ByIds')) expect(JSON.stringify(c.data)).not.toContain(`"${workOrderId}"`);
    expect(await ofKind(issueId, 'CLOSING')).toHaveLength(1);
  });

  it('closes on a configured closed status other than CLOSED (COMPLETE)', async () => {
    await withSettings(() => ({ closedStatuses: ['CLOSED', 'COMPLETE'] }), async () => {
      const { issueId, workOrderId } = await acknowledgedWorkOrder();
      await f.staff(`workorders/${workOrderId}/status`, { status: 'COMPLETE' });
      await pollUpdates(db, f.integrationId);
      expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('CLOSED');
    });
  });

  it('moves a canceled work order\'s issue back to Open with the cancel message, once', async () => {
    const { issueId, workOrderId } = await acknowledgedWorkOrder();
    await f.staff(`workorders/${workOrderId}/cancel`, { reason: 'Duplicate' });
    const result = await pollUpdates(db, f.integrationId);
    expect(result.canceled).toBe(1);
    expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('OPEN');
    expect(await db.remoteLink.findFirstOrThrow({ where: { issueId } })).toMatchObject({ active: false, endedReason: 'canceled in Cityworks (CANCEL)' });
    await pollUpdates(db, f.integrationId);
    expect(await ofKind(issueId, 'CANCEL')).toEqual(['Not accepted; reopened.']);
  });

  it('with cancel handling off, a canceled work order is only a status', async () => {
    await withSettings((s) => ({ switches: { ...s.switches, handleCancel: false } }), async () => {
      const { issueId, workOrderId } = await acknowledgedWorkOrder();
      await pollUpdates(db, f.integrationId);
      await f.staff(`workorders/${workOrderId}/cancel`, { reason: 'Duplicate' });
      const result = await pollUpdates(db, f.integrationId);
      expect(result.canceled).toBe(0);
      expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('ACKNOWLEDGED');
      expect(await db.remoteLink.findFirstOrThrow({ where: { issueId } })).toMatchObject({ active: true, remoteStatus: 'CANCEL' });
      expect(await ofKind(issueId, 'CANCEL')).toEqual([]);
    });
  });

  it('watching Status: nothing at the first poll, one activity message per later change', async () => {
    const { issueId, workOrderId } = await acknowledgedWorkOrder();
    await pollUpdates(db, f.integrationId);
    expect(await ofKind(issueId, 'ACTIVITY')).toEqual([]);
    await f.staff(`workorders/${workOrderId}/status`, { status: 'INPROG' });
    await pollUpdates(db, f.integrationId);
    await pollUpdates(db, f.integrationId);
    expect(await ofKind(issueId, 'ACTIVITY')).toEqual([`Work Order ${workOrderId} is now INPROG.`]);
  });

  it('imports only work order comments with the public prefix, stripped, once', async () => {
    const { issueId, workOrderId } = await acknowledgedWorkOrder();
    await f.staff(`workorders/${workOrderId}/comments`, { text: 'internal: needs a second crew' });
    await f.staff(`workorders/${workOrderId}/comments`, { text: 'To SCF: Scheduled for Tuesday.' });
    await pollUpdates(db, f.integrationId);
    await pollUpdates(db, f.integrationId);
    const comments = await commentsOf(issueId);
    expect(comments.map((c) => c.body)).toEqual(['Scheduled for Tuesday.']);
    expect(comments[0]).toMatchObject({ kind: 'COMMENT', visibility: 'PUBLIC', authorKind: 'REMOTE' });
    expect(comments[0]!.remoteCommentId).toMatch(/^\d+$/);
  });

  it('imports a work order attachment whose comment has the prefix, with its image, once', async () => {
    const { issueId, workOrderId } = await acknowledgedWorkOrder();
    await f.staff(`workorders/${workOrderId}/attachments`, { filename: 'done.png', contentType: 'image/png', base64: PNG.toString('base64'), comment: 'To SCF: Filled' });
    await f.staff(`workorders/${workOrderId}/attachments`, { filename: 'crew.png', contentType: 'image/png', base64: PNG.toString('base64'), comment: 'crew only' });
    const first = await pollUpdates(db, f.integrationId);
    await pollUpdates(db, f.integrationId);
    expect(first.images).toBe(1);
    const comments = await commentsOf(issueId);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ body: 'Filled', visibility: 'PUBLIC', authorKind: 'REMOTE' });
    expect(comments[0]!.remoteCommentId).toMatch(/^attachment:\d+$/);
    const media = comments[0]!.media;
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({ fileName: 'done.png', contentType: 'image/png', issueId, organizationId: f.organizationId });
    expect(Buffer.from(media[0]!.data).equals(PNG)).toBe(true);
  });

  it('reads open work orders in batches: a fixed set of calls per cycle', async () => {
    for (let i = 0; i < 6; i++) await acknowledgedWorkOrder();
    const open = await db.remoteLink.count({ where: { integrationId: f.integrationId, active: true } });
    const before = f.emulator.calls.length;
    const result = await pollUpdates(db, f.integrationId);
    const services = f.emulator.calls.slice(before).map((c) => c.service).filter((s) => !s.includes('Authentication'));
    expect(services.sort()).toEqual(['Attachments/WorkOrderAttachments', 'Comment/ByActivitySids', 'WorkOrder/ByIds']);
    expect(result.linksPolled).toBe(open);
  });
});
