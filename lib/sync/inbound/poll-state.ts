import type { Db } from '@/lib/db';
import { postIntegrationMessage } from '@/lib/crm/integration-messages';
import { lockIssue, transitionIssue } from '@/lib/crm/issue-status';
import { messageForStatus, renderMessage, type MessageVars } from '@/lib/integrations/messages';
import type { IntegrationSettings } from '@/lib/integrations/settings';
import { KIND_LABEL, type LinkRow } from './poll-page';
import { observedValue, outcomeOf, type Outcome, type RemoteState } from './remote-state';

export interface StateChange {
  outcome: Outcome['kind'];
  activity: boolean;
  statusChanged: boolean;
}

/**
 * The observed field against the link's baseline. The baseline is the first value observed after
 * acknowledgment (stored as '' when the field is empty, so "never observed" stays null): a field
 * that already has a value, such as Status, posts nothing at the first poll, and each later change
 * to a non-empty value posts one activity message.
 */
export function observe(state: RemoteState, link: Pick<LinkRow, 'observedValue'>, settings: IntegrationSettings): { stored: string | null; activityValue: string | null } {
  if (!settings.observedField) return { stored: link.observedValue, activityValue: null };
  const value = observedValue(state, settings.observedField.field);
  const stored = value ?? '';
  const activityValue = link.observedValue !== null && value !== null && stored !== link.observedValue ? value : null;
  return { stored, activityValue };
}

/**
 * Applies one record's remote state to its issue and link, in one transaction on the issue's row:
 *   closed    -> issue Closed, the closing message (per status, else default), link ended
 *   canceled  -> issue back to Open, the cancel message, link ended
 *   activity  -> the activity message (only while the issue is Acknowledged)
 *   status    -> recorded on the link and as a poll:status sync event
 */
export async function applyRemoteState(db: Db, integrationId: string, settings: IntegrationSettings, link: LinkRow, state: RemoteState, vars: MessageVars): Promise<StateChange> {
  const { stored, activityValue } = observe(state, link, settings);
  const outcome = outcomeOf(state, settings);
  const statusChanged = state.status !== (link.remoteStatus ?? '');
  const change: StateChange = { outcome: outcome.kind, activity: false, statusChanged };
  if (activityValue === null && !statusChanged && outcome.kind === 'open' && stored === link.observedValue) return change;

  await db.$transaction(async (tx) => {
    // The outbound side changes the same issue (acknowledgment, comments): serialize on its row.
    await lockIssue(tx, link.issueId);
    const { status: issueStatus } = await tx.issue.findUniqueOrThrow({ where: { id: link.issueId }, select: { status: true } });
    if (activityValue !== null && settings.observedField && issueStatus === 'ACKNOWLEDGED') {
      const body = renderMessage(settings.observedField.message, { ...vars, field: settings.observedField.field, value: activityValue });
      await postIntegrationMessage(tx, { issueId: link.issueId, integrationId, kind: 'ACTIVITY', body });
      change.activity = true;
    }
    const linkUpdate = { remoteStatus: state.status, observedValue: stored };
    if (outcome.kind === 'closed') {
      if (issueStatus === 'ACKNOWLEDGED' && (await transitionIssue(tx, link.issueId, 'CLOSED'))) {
        await postIntegrationMessage(tx, { issueId: link.issueId, integrationId, kind: 'CLOSING', body: renderMessage(messageForStatus(settings.messages.closing, outcome.status), vars) });
      }
      await tx.remoteLink.update({ where: { id: link.id }, data: { ...linkUpdate, active: false, endedAt: new Date(), endedReason: `closed in Cityworks (${outcome.status})` } });
    } else if (outcome.kind === 'canceled') {
      if (issueStatus === 'ACKNOWLEDGED' && (await transitionIssue(tx, link.issueId, 'OPEN'))) {
        await postIntegrationMessage(tx, { issueId: link.issueId, integrationId, kind: 'CANCEL', body: renderMessage(messageForStatus(settings.messages.cancel, outcome.status), vars) });
      }
      await tx.remoteLink.update({ where: { id: link.id }, data: { ...linkUpdate, active: false, endedAt: new Date(), endedReason: `canceled in Cityworks (${outcome.status})` } });
    } else {
      await tx.remoteLink.update({ where: { id: link.id }, data: linkUpdate });
    }
    if (statusChanged) {
      await tx.syncEvent.create({
        data: {
          integrationId, issueId: link.issueId, operation: 'poll:status', outcome: 'OK',
          message: `${KIND_LABEL[link.remoteKind]} ${link.remoteId}: ${link.remoteStatus ?? '(none)'} -> ${state.status}${outcome.kind === 'open' ? '' : ` (${outcome.kind})`}`,
        },
      });
    }
  });
  return change;
}
