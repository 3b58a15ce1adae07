import type { RemoteKind } from '@/generated/prisma/enums';
import type { Attachment, CommentRecord } from '@/lib/cityworks';
import type { RemoteSession } from '../session';
import { fromServiceRequest, fromWorkOrder, type RemoteState } from './remote-state';

/** One open remote link as poll-updates reads it. */
export interface LinkRow {
  id: string;
  issueId: string;
  remoteKind: RemoteKind;
  remoteId: string;
  remoteStatus: string | null;
  /** The observed field's baseline: null until first observed, '' when observed empty. */
  observedValue: string | null;
  issue: { number: number; requestType: { name: string; displayName: string | null } | null };
}

/** What Cityworks says about one page of links, keyed by linkKey. */
export interface PageRemote {
  states: Map<string, RemoteState>;
  comments: Map<string, CommentRecord[]>;
  attachments: Map<string, Attachment[]>;
}

export const KIND_LABEL: Record<RemoteKind, string> = { SERVICE_REQUEST: 'Service Request', WORK_ORDER: 'Work Order' };

export const linkKey = (kind: RemoteKind, id: string) => `${kind}:${id}`;

/**
 * One ByIds call per kind, then one comments call and one attachments call per kind when those
 * imports are on: a fixed number of calls per page, never one per record. Work order comments are
 * keyed by WorkOrderSid in Cityworks, so they are mapped back to the WorkOrderId of the link.
 */
export async function readPage(remote: RemoteSession, links: readonly LinkRow[]): Promise<PageRemote> {
  const { client, settings } = remote;
  const states = new Map<string, RemoteState>();
  const comments = new Map<string, CommentRecord[]>();
  const attachments = new Map<string, Attachment[]>();
  const addAttachment = (k: string, a: Attachment) => attachments.set(k, [...(attachments.get(k) ?? []), a]);

  const srIds = links.filter((l) => l.remoteKind === 'SERVICE_REQUEST').map((l) => Number(l.remoteId)).filter(Number.isInteger);
  if (srIds.length > 0) {
    for (const r of await client.serviceRequests.byIds(srIds)) states.set(linkKey('SERVICE_REQUEST', String(r.requestId)), fromServiceRequest(r));
    if (settings.switches.importComments) {
      for (const [sid, list] of await client.comments.byActivitySids('request', srIds)) comments.set(linkKey('SERVICE_REQUEST', String(sid)), list);
    }
    if (settings.switches.importImages) {
      for (const a of await client.attachments.requestAttachments(srIds)) addAttachment(linkKey('SERVICE_REQUEST', String(a.ownerId)), a);
    }
  }

  const woIds = links.filter((l) => l.remoteKind === 'WORK_ORDER').map((l) => l.remoteId);
  if (woIds.length > 0) {
    const workOrders = (await client.workOrders.byIds(woIds)).map(fromWorkOrder);
    const idBySid = new Map<number, string>();
    for (const w of workOrders) {
      states.set(linkKey('WORK_ORDER', w.remoteId), w);
      if (w.activitySid !== null) idBySid.set(w.activitySid, w.remoteId);
    }
    if (settings.switches.importComments && idBySid.size > 0) {
      for (const [sid, list] of await client.comments.byActivitySids('work-order', [...idBySid.keys()])) {
        const id = idBySid.get(sid);
        if (id !== undefined) comments.set(linkKey('WORK_ORDER', id), list);
      }
    }
    if (settings.switches.importImages) {
      for (const a of await client.attachments.workOrderAttachments({ workOrderIds: woIds })) {
        const id = a.workOrderId ?? (a.ownerId !== null ? idBySid.get(a.ownerId) : undefined);
        if (id !== undefined) addAttachment(linkKey('WORK_ORDER', id), a);
      }
    }
  }
  return { states, comments, attachments };
}
