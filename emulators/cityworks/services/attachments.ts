import { addAttachment, getAttachment, requestAttachmentView, workOrderAttachmentView } from '../attachment-ops';
import { requireWriter, type RouteDef, type ServiceCall } from '../context';
import { ErrorCodes, serviceError } from '../envelope';
import { getRequest } from '../request-ops';
import { getWorkOrder } from '../work-order-ops';

const SVC = 'Attachments';

function upload(c: ServiceCall): { filename: string; contentType: string; bytes: Buffer } {
  const file = c.files[0];
  if (!file) throw serviceError(SVC, ErrorCodes.request.ErrorRequiredFields, 'ErrorRequiredFields', 'A file is required (multipart/form-data)');
  return { filename: c.args.str('Filename') || file.filename, contentType: file.contentType, bytes: file.bytes };
}

export const attachmentRoutes: RouteDef[] = [
  {
    path: 'Ams/Attachments/AddRequestAttachment', auth: true,
    handler: (c) => {
      const user = requireWriter(c.user, SVC, ErrorCodes.request.NotAuthorizedToCreateRequest, 'NotAuthorized');
      const r = getRequest(c, c.args.num('RequestId'));
      const f = upload(c);
      const rec = addAttachment(c, { kind: 'request', requestId: r.RequestId }, { ...f, comments: c.args.str('Comments') ?? '', title: c.args.str('Title'), description: c.args.str('Description') }, user);
      return { value: requestAttachmentView(rec) };
    },
  },
  {
    path: 'Ams/Attachments/RequestAttachments', auth: true,
    handler: (c) => {
      const ids = new Set(c.args.numList('RequestIds') ?? []);
      return { value: c.store.state.attachments.filter((a) => a.kind === 'request' && ids.has(a.RequestId)).map(requestAttachmentView) };
    },
  },
  {
    path: 'Ams/Attachments/DownloadRequestAttachment', auth: true,
    handler: (c) => {
      const a = getAttachment(c, 'request', c.args.num('AttachmentId'), SVC);
      return { raw: { contentType: a.ContentType, body: Buffer.from(a.Base64, 'base64'), filename: a.Filename } };
    },
  },
  {
    path: 'Ams/Attachments/AddWorkOrderAttachment', auth: true,
    handler: (c) => {
      const user = requireWriter(c.user, SVC, ErrorCodes.request.NotAuthorizedToCreateRequest, 'NotAuthorized');
      const w = getWorkOrder(c, c.args.str('WorkOrderId'), c.args.num('WorkOrderSid'));
      const f = upload(c);
      const rec = addAttachment(c, { kind: 'workorder', sid: w.WorkOrderSid, id: w.WorkOrderId }, { ...f, comments: c.args.str('Comments') ?? '' }, user);
      return { value: workOrderAttachmentView(rec) };
    },
  },
  {
    path: 'Ams/Attachments/WorkOrderAttachments', auth: true,
    handler: (c) => {
      const ids = new Set(c.args.strList('WorkOrderIds') ?? []);
      const sids = new Set(c.args.numList('WorkOrderSids') ?? []);
      return {
        value: c.store.state.attachments
          .filter((a) => a.kind === 'workorder' && (ids.has(a.WorkOrderId) || sids.has(a.WorkOrderSid)))
          .map(workOrderAttachmentView),
      };
    },
  },
  {
    path: 'Ams/Attachments/DownloadWorkOrderAttachment', auth: true,
    handler: (c) => {
      const a = getAttachment(c, 'workorder', c.args.num('AttachmentId'), SVC);
      return { raw: { contentType: a.ContentType, body: Buffer.from(a.Base64, 'base64'), filename: a.Filename } };
    },
  },
];
