import { z } from 'zod';
import { toRequestAttachment, toWorkOrderAttachment } from './adapters';
import { inChunks } from './chunks';
import type { Attachment } from './domain';
import type { Invoker } from './invoker';
import type { DownloadedFile } from './transport';
import * as wire from './wire';

const A = 'Ams/Attachments';

export interface UploadFile {
  bytes: Uint8Array;
  filename: string;
  contentType?: string;
  comments?: string;
}

export function attachmentService(cw: Invoker) {
  const tz = cw.timeZone;
  return {
    /** multipart/form-data: `data` JSON, the `file` part and, up to 15.8, `token`. */
    async addRequestAttachment(requestId: number, file: UploadFile): Promise<Attachment> {
      const data = { RequestId: requestId, Filename: file.filename, ...(file.comments !== undefined ? { Comments: file.comments } : {}) };
      const value = await cw.json('Attachments/AddRequestAttachment', `${A}/AddRequestAttachment`, data, wire.requestAttachment, {
        bytes: file.bytes,
        filename: file.filename,
        ...(file.contentType ? { contentType: file.contentType } : {}),
      });
      return toRequestAttachment(value, tz);
    },
    requestAttachments(requestIds: readonly number[]): Promise<Attachment[]> {
      return inChunks(requestIds, async (part) =>
        (
          await cw.json('Attachments/RequestAttachments', `${A}/RequestAttachments`, { RequestIds: part }, z.array(wire.requestAttachment).nullable())
        )?.map((a) => toRequestAttachment(a, tz)) ?? [],
      );
    },
    downloadRequestAttachment(attachmentId: number): Promise<DownloadedFile> {
      return cw.bytes('Attachments/DownloadRequestAttachment', `${A}/DownloadRequestAttachment`, { AttachmentId: attachmentId });
    },
    async addWorkOrderAttachment(
      target: { workOrderSid?: number; workOrderId?: string; taskId?: number },
      file: UploadFile,
    ): Promise<Attachment> {
      const data: Record<string, unknown> = { Filename: file.filename };
      if (target.workOrderSid !== undefined) data.WorkOrderSid = target.workOrderSid;
      if (target.workOrderId !== undefined) data.WorkOrderId = target.workOrderId;
      if (target.taskId !== undefined) data.TaskId = target.taskId;
      if (file.comments !== undefined) data.Comments = file.comments;
      const value = await cw.json('Attachments/AddWorkOrderAttachment', `${A}/AddWorkOrderAttachment`, data, wire.workOrderAttachment, {
        bytes: file.bytes,
        filename: file.filename,
        ...(file.contentType ? { contentType: file.contentType } : {}),
      });
      return toWorkOrderAttachment(value, tz);
    },
    workOrderAttachments(query: { workOrderIds?: readonly string[]; workOrderSids?: readonly number[] }): Promise<Attachment[]> {
      const call = async (data: Record<string, unknown>) =>
        (
          await cw.json('Attachments/WorkOrderAttachments', `${A}/WorkOrderAttachments`, data, z.array(wire.workOrderAttachment).nullable())
        )?.map((a) => toWorkOrderAttachment(a, tz)) ?? [];
      const bySid = query.workOrderSids?.length ? inChunks(query.workOrderSids, (part) => call({ WorkOrderSids: part })) : Promise.resolve([]);
      const byId = query.workOrderIds?.length ? inChunks(query.workOrderIds, (part) => call({ WorkOrderIds: part })) : Promise.resolve([]);
      return Promise.all([bySid, byId]).then(([a, b]) => {
        const seen = new Set<number>();
        return [...a, ...b].filter((x) => !seen.has(x.id) && seen.add(x.id));
      });
    },
    downloadWorkOrderAttachment(attachmentId: number): Promise<DownloadedFile> {
      return cw.bytes('Attachments/DownloadWorkOrderAttachment', `${A}/DownloadWorkOrderAttachment`, { AttachmentId: attachmentId });
    },
  };
}
