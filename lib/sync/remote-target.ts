import type { RemoteKind } from '@/generated/prisma/enums';
import type { CityworksClient } from '@/lib/cityworks';

/**
 * Comments and attachments on the remote record, SR or WO, each with the read that lets a retry
 * find what an earlier, uncertain attempt already applied (exactly once without a remote key:
 * the comment text and the attachment file name carry our identity).
 */
export interface RemoteRecordRef {
  kind: RemoteKind;
  remoteId: string;
}

export interface UploadedFile {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

async function workOrderSid(cw: CityworksClient, workOrderId: string): Promise<number> {
  const wo = await cw.workOrders.byId(workOrderId);
  return wo.workOrderSid ?? Number(workOrderId);
}

export async function addRemoteComment(cw: CityworksClient, ref: RemoteRecordRef, text: string): Promise<string | null> {
  if (ref.kind === 'SERVICE_REQUEST') {
    const record = await cw.comments.add('request', Number(ref.remoteId), text);
    return String(record.commentId);
  }
  await cw.workOrders.addComments({ workOrderId: ref.remoteId }, text);
  return null;
}

/** The id of a remote comment with exactly this text, if an earlier attempt already added it. */
export async function findRemoteComment(cw: CityworksClient, ref: RemoteRecordRef, text: string): Promise<string | null> {
  const sid = ref.kind === 'SERVICE_REQUEST' ? Number(ref.remoteId) : await workOrderSid(cw, ref.remoteId);
  const byOwner = await cw.comments.byActivitySids(ref.kind === 'SERVICE_REQUEST' ? 'request' : 'work-order', [sid]);
  const found = (byOwner.get(sid) ?? []).find((c) => c.comments.trim() === text.trim());
  return found ? String(found.commentId) : null;
}

export async function addRemoteAttachment(cw: CityworksClient, ref: RemoteRecordRef, file: UploadedFile): Promise<string> {
  const a =
    ref.kind === 'SERVICE_REQUEST'
      ? await cw.attachments.addRequestAttachment(Number(ref.remoteId), file)
      : await cw.attachments.addWorkOrderAttachment({ workOrderId: ref.remoteId }, file);
  return String(a.id);
}

export async function findRemoteAttachment(cw: CityworksClient, ref: RemoteRecordRef, filename: string): Promise<string | null> {
  const list =
    ref.kind === 'SERVICE_REQUEST'
      ? await cw.attachments.requestAttachments([Number(ref.remoteId)])
      : await cw.attachments.workOrderAttachments({ workOrderIds: [ref.remoteId] });
  const found = list.find((a) => a.filename === filename);
  return found ? String(found.id) : null;
}

/** Unique per media row, so a retried upload can be recognised by name. */
export function attachmentFileName(media: { id: string; fileName: string }): string {
  const safe = media.fileName.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-80) || 'image';
  return `cb-${media.id}-${safe}`;
}
