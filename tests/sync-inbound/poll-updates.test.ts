import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { pollUpdates } from '@/lib/sync/poll-updates';
import { readCursor } from '@/lib/sync/cursors';
import { acknowledgedIssue, commentsOf, setUp, type Fixture } from './support';
import { setBotName } from '../support/bot-name';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('poll-updates against the emulator, driven by its staff API', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp('Poll City', {
      closedStatuses: ['CLOSED'],
      canceledStatuses: ['CANCEL'],
      observedField: { field: 'Text5', message: 'Crew note for #{issueNumber}: {value}' },
      messages: {
        acknowledgment: 'Ack {remoteId}',
        closing: { default: 'Done, thank you.', byStatus: {} },
        cancel: { default: 'Not accepted; reopened.', byStatus: {} },
      },
    });
    await setBotName(db, f.organizationId, 'Springfield Public Works');
  });
  afterAll(async () => {
    await f.emulator.close();
  });

  it('closes the issue with the closing message, by the bot, and never polls it again', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await f.staff(`requests/${requestId}/close`, {});
    const result = await pollUpdates(db, f.integrationId);
    expect(result.closed).toBeGreaterThanOrEqual(1);

    const issue = await db.issue.findUniqueOrThrow({ where: { id: issueId } });
    expect(issue.status).toBe('CLOSED');
    expect(issue.closedAt).not.toBeNull();
    const closing = (await commentsOf(issueId)).filter((c) => c.kind === 'CLOSING');
    expect(closing).toHaveLength(1);
    expect(closing[0]).toMatchObject({ body: 'Done, thank you.', authorKind: 'INTEGRATION', authorName: 'Springfield Public Works', visibility: 'PUBLIC' });
    const link = await db.remoteLink.findFirstOrThrow({ where: { issueId } });
    expect(link).toMatchObject({ active: false, remoteStatus: 'CLOSED' });
    expect(link.endedReason).toContain('closed');

    // No more polling: the next cycle does not ask Cityworks about this SR at all.
    const before = f.emulator.calls.length;
    await pollUpdates(db, f.integrationId);
    const asked = f.emulator.calls.slice(before).filter((c) => c.service === 'ServiceRequest/ByIds');
    for (const c of asked) expect(JSON.stringify(c.data)).not.toContain(String(requestId));
    expect((await commentsOf(issueId)).filter((c) => c.kind === 'CLOSING')).toHaveLength(1);
  });

  it('uses the per-status closing message when one is configured', async () => {
    const settings = (await db.integration.findUniqueOrThrow({ where: { id: f.integrationId } })).settings as Record<string, unknown>;
    await db.integration.update({
      where: { id: f.integrationId },
      data: { settings: { ...settings, closedStatuses: ['CLOSED', 'HOLD'], messages: { closing: { default: 'Done, thank you.', byStatus: { HOLD: 'Put on hold for {remoteKind} {remoteId}.' } } } } },
    });
    try {
      const { issueId, requestId } = await acknowledgedIssue(f);
      await f.staff(`requests/${requestId}/status`, { status: 'HOLD' });
      await pollUpdates(db, f.integrationId);
      expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('CLOSED');
      const closing = (await commentsOf(issueId)).filter((c) => c.kind === 'CLOSING');
      expect(closing.map((c) => c.body)).toEqual([`Put on hold for Service Request ${requestId}.`]);
    } finally {
      await db.integration.update({ where: { id: f.integrationId }, data: { settings: settings as object } });
    }
  });

  it('moves a canceled issue back to Open with the cancel message and ends the link', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await f.staff(`requests/${requestId}/cancel`, { reason: 'Duplicate' });
    const result = await pollUpdates(db, f.integrationId);
    expect(result.canceled).toBeGreaterThanOrEqual(1);
    expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('OPEN');
    const cancel = (await commentsOf(issueId)).filter((c) => c.kind === 'CANCEL');
    expect(cancel.map((c) => c.body)).toEqual(['Not accepted; reopened.']);
    const link = await db.remoteLink.findFirstOrThrow({ where: { issueId } });
    expect(link.active).toBe(false);
    expect(link.endedReason).toContain('canceled');
    await pollUpdates(db, f.integrationId);
    expect((await commentsOf(issueId)).filter((c) => c.kind === 'CANCEL')).toHaveLength(1);
  });

  it('records a plain status change without a message to the citizen', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await pollUpdates(db, f.integrationId);
    await f.staff(`requests/${requestId}/status`, { status: 'INPROG' });
    await pollUpdates(db, f.integrationId);
    const link = await db.remoteLink.findFirstOrThrow({ where: { issueId } });
    expect(link).toMatchObject({ active: true, remoteStatus: 'INPROG' });
    expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('ACKNOWLEDGED');
    expect(await commentsOf(issueId)).toHaveLength(0);
    const events = await db.syncEvent.findMany({ where: { issueId, operation: 'poll:status' } });
    expect(events.map((e) => e.message)).toContainEqual(expect.stringContaining('OPEN -> INPROG'));
  });

  it('posts the activity message once per change of the observed field', async () => {
    const { issueId, requestId, number } = await acknowledgedIssue(f);
    // The first poll records the baseline (Text5 empty).
    await pollUpdates(db, f.integrationId);
    await f.staff(`requests/${requestId}/field`, { field: 'Text5', value: 'Crew scheduled for Monday' });
    await pollUpdates(db, f.integrationId);
    await pollUpdates(db, f.integrationId);
    let activity = (await commentsOf(issueId)).filter((c) => c.kind === 'ACTIVITY');
    expect(activity.map((c) => c.body)).toEqual([`Crew note for #${number}: Crew scheduled for Monday`]);
    expect(activity[0]!.authorKind).toBe('INTEGRATION');

    await f.staff(`requests/${requestId}/field`, { field: 'Text5', value: 'Crew on site' });
    await pollUpdates(db, f.integrationId);
    await pollUpdates(db, f.integrationId);
    activity = (await commentsOf(issueId)).filter((c) => c.kind === 'ACTIVITY');
    expect(activity.map((c) => c.body)).toEqual([`Crew note for #${number}: Crew scheduled for Monday`, `Crew note for #${number}: Crew on site`]);
  });

  it('imports only comments with the public prefix, stripped, once', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await f.staff(`requests/${requestId}/comments`, { text: 'internal: check the budget code' });
    await f.staff(`requests/${requestId}/comments`, { text: '  to scf:   We will fill it this week. ' });
    await pollUpdates(db, f.integrationId);
    await pollUpdates(db, f.integrationId);
    const comments = await commentsOf(issueId);
    expect(comments.map((c) => c.body)).toEqual(['We will fill it this week.']);
    expect(comments[0]).toMatchObject({ kind: 'COMMENT', visibility: 'PUBLIC', authorKind: 'REMOTE' });
    expect(comments[0]!.remoteCommentId).toMatch(/^\d+$/);
  });

  it('imports an attachment whose comment has the prefix as a public comment with the image', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await f.staff(`requests/${requestId}/attachments`, { filename: 'after.png', contentType: 'image/png', base64: PNG.toString('base64'), comment: 'To SCF: Patched' });
    await f.staff(`requests/${requestId}/attachments`, { filename: 'internal.png', contentType: 'image/png', base64: PNG.toString('base64'), comment: 'crew only' });
    await pollUpdates(db, f.integrationId);
    await pollUpdates(db, f.integrationId);
    const comments = await commentsOf(issueId);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ body: 'Patched', visibility: 'PUBLIC', authorKind: 'REMOTE' });
    expect(comments[0]!.media).toHaveLength(1);
    const media = comments[0]!.media[0]!;
    expect(media.fileName).toBe('after.png');
    expect(media.contentType).toMatch(/image\/png/);
    expect(Buffer.from(media.data).equals(PNG)).toBe(true);
    expect(media.issueId).toBe(issueId);
  });

  it('reads open records in batches: a fixed number of calls per cycle, not one per issue', async () => {
    for (let i = 0; i < 12; i++) await acknowledgedIssue(f);
    const open = await db.remoteLink.count({ where: { integrationId: f.integrationId, active: true } });
    expect(open).toBeGreaterThanOrEqual(12);
    const before = f.emulator.calls.length;
    const result = await pollUpdates(db, f.integrationId);
    const services = f.emulator.calls.slice(before).map((c) => c.service).filter((s) => !s.includes('Authentication'));
    expect(services.sort()).toEqual(['Attachments/RequestAttachments', 'Comment/ByActivitySids', 'ServiceRequest/ByIds']);
    expect(result.linksPolled).toBe(open);

    const cursor = await readCursor(db, f.integrationId, 'poll-updates');
    expect(cursor.lastSuccessAt).not.toBeNull();
    expect(cursor.windowEnd).not.toBeNull();
    expect(cursor.lagMs).toBeGreaterThanOrEqual(0);
    expect(cursor.cursor.progress?.state).toBe('succeeded');
    const recorded = await db.syncEvent.count({ where: { integrationId: f.integrationId, operation: 'ServiceRequest/ByIds' } });
    expect(recorded).toBeGreaterThan(0);
  });
});
