import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { loadActor } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/roles';
import { readSettings, type IntegrationSettings } from '@/lib/integrations/settings';
import { updateSettings } from '@/lib/integrations/update-integration';
import { pollUpdates } from '@/lib/sync/poll-updates';
import { acknowledgedIssue, commentsOf, setUp, type Fixture } from './support';

/**
 * The poll's settings, against the emulator driven by its staff API: the activity baseline, cancel
 * handling switched off, closing decided by the configured closed statuses. Settings are saved
 * through updateSettings, as the Integrations page saves them (and audits them).
 */
describe('poll-updates settings (service requests)', () => {
  let f: Fixture;
  let manager: Actor;
  beforeAll(async () => {
    f = await setUp('Poll Settings City', { observedField: { field: 'Status', message: '{field} is now {value}.' } });
    const m = await db.membership.findFirstOrThrow({ where: { organizationId: f.organizationId, role: 'IMPLEMENTATION_MANAGER' } });
    manager = (await loadActor(m.userId))!;
  });
  afterAll(async () => {
    await f.emulator.close();
  });

  async function save(p: (s: IntegrationSettings) => Partial<IntegrationSettings>) {
    const current = readSettings((await db.integration.findUniqueOrThrow({ where: { id: f.integrationId } })).settings);
    return updateSettings({ db, actor: manager, organizationId: f.organizationId }, { ...current, ...p(current) });
  }
  const activityOf = async (issueId: string) => (await commentsOf(issueId)).filter((c) => c.kind === 'ACTIVITY').map((c) => c.body);

  it('watching Status, which already has a value: the first poll posts nothing, a later change posts one message', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    const first = await pollUpdates(db, f.integrationId);
    expect(first.activity).toBe(0);
    expect(await activityOf(issueId)).toEqual([]);
    expect((await db.remoteLink.findFirstOrThrow({ where: { issueId } })).observedValue).toBe('OPEN');

    await f.staff(`requests/${requestId}/status`, { status: 'INPROG' });
    const second = await pollUpdates(db, f.integrationId);
    await pollUpdates(db, f.integrationId);
    expect(second.activity).toBe(1);
    expect(await activityOf(issueId)).toEqual(['Status is now INPROG.']);
  });

  it('a newly watched field starts from a fresh baseline, not from the old field', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await f.staff(`requests/${requestId}/field`, { field: 'Text5', value: 'Crew A' });
    await pollUpdates(db, f.integrationId); // baseline of Status: OPEN
    await save(() => ({ observedField: { field: 'Text5', message: 'Crew: {value}' } }));
    try {
      expect((await db.remoteLink.findFirstOrThrow({ where: { issueId } })).observedValue).toBeNull();
      await pollUpdates(db, f.integrationId); // Text5 already "Crew A": a baseline, not a change
      expect(await activityOf(issueId)).toEqual([]);
      await f.staff(`requests/${requestId}/field`, { field: 'Text5', value: 'Crew B' });
      await pollUpdates(db, f.integrationId);
      expect(await activityOf(issueId)).toEqual(['Crew: Crew B']);
    } finally {
      await save(() => ({ observedField: { field: 'Status', message: '{field} is now {value}.' } }));
    }
  });

  it('a field emptied and then filled again posts once, for the new value', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await save(() => ({ observedField: { field: 'Text6', message: 'Note: {value}' } }));
    try {
      await f.staff(`requests/${requestId}/field`, { field: 'Text6', value: 'first' });
      await pollUpdates(db, f.integrationId); // baseline "first"
      await f.staff(`requests/${requestId}/field`, { field: 'Text6', value: '' });
      await pollUpdates(db, f.integrationId); // emptied: no message, baseline ''
      expect((await db.remoteLink.findFirstOrThrow({ where: { issueId } })).observedValue).toBe('');
      await f.staff(`requests/${requestId}/field`, { field: 'Text6', value: 'second' });
      await pollUpdates(db, f.integrationId);
      expect(await activityOf(issueId)).toEqual(['Note: second']);
    } finally {
      await save(() => ({ observedField: { field: 'Status', message: '{field} is now {value}.' } }));
    }
  });

  it('cancel handling off: a remote cancel is only a status; the issue stays acknowledged and polled', async () => {
    const saved = await save((s) => ({ switches: { ...s.switches, handleCancel: false } }));
    expect(saved.changed).toContain('switches.handleCancel');
    const audit = await db.auditLog.findFirstOrThrow({ where: { organizationId: f.organizationId, action: 'integration.settings.update' }, orderBy: { id: 'desc' } });
    expect(audit.changes).toMatchObject({ 'switches.handleCancel': { from: true, to: false } });
    try {
      const { issueId, requestId } = await acknowledgedIssue(f);
      await pollUpdates(db, f.integrationId);
      await f.staff(`requests/${requestId}/cancel`, { reason: 'Duplicate' });
      const result = await pollUpdates(db, f.integrationId);
      expect(result.canceled).toBe(0);
      expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('ACKNOWLEDGED');
      expect((await commentsOf(issueId)).filter((c) => c.kind === 'CANCEL')).toHaveLength(0);
      expect(await db.remoteLink.findFirstOrThrow({ where: { issueId } })).toMatchObject({ active: true, remoteStatus: 'CANCEL' });
      const events = await db.syncEvent.findMany({ where: { issueId, operation: 'poll:status' } });
      expect(events.map((e) => e.message)).toContainEqual(expect.stringMatching(/OPEN -> CANCEL$/));
    } finally {
      await save((s) => ({ switches: { ...s.switches, handleCancel: true } }));
    }
  });

  it('cancel handling on (the default): the same cancel reopens the issue and ends the link', async () => {
    const { issueId, requestId } = await acknowledgedIssue(f);
    await f.staff(`requests/${requestId}/cancel`, { reason: 'Duplicate' });
    await pollUpdates(db, f.integrationId);
    expect((await db.issue.findUniqueOrThrow({ where: { id: issueId } })).status).toBe('OPEN');
    expect((await db.remoteLink.findFirstOrThrow({ where: { issueId } })).active).toBe(false);
  });

  it('closing follows the configured closed statuses: IsClosed alone does not close', async () => {
    await save(() => ({ closedStatuses: ['HOLD'] }));
    try {
      const closedByFlag = await acknowledgedIssue(f);
      await f.staff(`requests/${closedByFlag.requestId}/close`, {}); // Status CLOSED, IsClosed true
      const byStatus = await acknowledgedIssue(f);
      await f.staff(`requests/${byStatus.requestId}/status`, { status: 'HOLD' });
      await pollUpdates(db, f.integrationId);
      expect((await db.issue.findUniqueOrThrow({ where: { id: closedByFlag.issueId } })).status).toBe('ACKNOWLEDGED');
      expect(await db.remoteLink.findFirstOrThrow({ where: { issueId: closedByFlag.issueId } })).toMatchObject({ active: true, remoteStatus: 'CLOSED' });
      expect((await db.issue.findUniqueOrThrow({ where: { id: byStatus.issueId } })).status).toBe('CLOSED');

      // No closed statuses configured: Cityworks' IsClosed flag decides.
      await save(() => ({ closedStatuses: [] }));
      await pollUpdates(db, f.integrationId);
      expect((await db.issue.findUniqueOrThrow({ where: { id: closedByFlag.issueId } })).status).toBe('CLOSED');
      expect((await db.remoteLink.findFirstOrThrow({ where: { issueId: closedByFlag.issueId } })).active).toBe(false);
    } finally {
      await save(() => ({ closedStatuses: ['CLOSED'] }));
    }
  });
});
