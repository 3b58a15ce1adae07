import type { SiteContext } from './context';
import { serviceError } from './envelope';
import { employeeName } from './records';
import type { AttachmentRecord, UserRecord } from './types';
import { localNow } from './wire-dates';

export interface NewAttachment {
  filename: string;
  contentType: string;
  bytes: Buffer;
  comments: string;
  title?: string;
  description?: string;
}

/** Cityworks stores the file under a folder named for the activity and answers with that path. */
export function addAttachment(ctx: SiteContext, target: { kind: 'request'; requestId: number } | { kind: 'workorder'; sid: number; id: string }, a: NewAttachment, author: UserRecord): AttachmentRecord {
  const folder = target.kind === 'request' ? String(target.requestId) : target.id;
  const safeName = a.filename.replace(/[\\/]/g, '_') || 'attachment';
  const rec: AttachmentRecord = {
    Id: ctx.store.nextId('attachment'), kind: target.kind,
    RequestId: target.kind === 'request' ? target.requestId : -9999,
    WorkOrderSid: target.kind === 'workorder' ? target.sid : -9999,
    WorkOrderId: target.kind === 'workorder' ? target.id : '',
    Attachment: `${folder}\\${safeName}`, Filename: safeName, ContentType: a.contentType || 'application/octet-stream',
    Base64: a.bytes.toString('base64'), Comments: a.comments, Description: a.description ?? '', Title: a.title ?? '',
    DateTimeAttached: localNow(), AttachedBySid: author.EmployeeSid, AttachedBy: employeeName(author),
  };
  ctx.store.state.attachments.push(rec);
  return rec;
}

export function requestAttachmentView(a: AttachmentRecord): Record<string, unknown> {
  return {
    Id: a.Id, RequestId: a.RequestId, Attachment: a.Attachment, AttachmentType: 0, Comments: a.Comments, Description: a.Description,
    Title: a.Title, DateTimeAttached: a.DateTimeAttached, AttachedBySid: a.AttachedBySid, AttachedBy: a.AttachedBy,
  };
}

export function workOrderAttachmentView(a: AttachmentRecord): Record<string, unknown> {
  return {
    Id: a.Id, AttachmentId: a.Id, WorkOrderSid: a.WorkOrderSid, WorkOrderId: a.WorkOrderId, Attachment: a.Attachment, AttachmentType: 0,
    Comments: a.Comments, Description: a.Description, Title: a.Title, TaskId: -9999, DateTimeAttached: a.DateTimeAttached,
    AttachedBySid: a.AttachedBySid, AttachedBy: a.AttachedBy,
  };
}

export function getAttachment(ctx: SiteContext, kind: AttachmentRecord['kind'], id: number | undefined, service: string): AttachmentRecord {
  const a = ctx.store.state.attachments.find((x) => x.kind === kind && x.Id === id);
  if (!a) throw serviceError(service, 35, 'ErrorItemNotFound', `Attachment ${id ?? ''} not found`.trim());
  return a;
}
