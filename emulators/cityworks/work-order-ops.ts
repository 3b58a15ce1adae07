import { ActivityType, addComment } from './comment-ops';
import { findEmployee, requireWriter, siteXY, type SiteContext } from './context';
import type { DataArgs } from './data-args';
import { ErrorCodes, serviceError } from './envelope';
import { blankWorkOrder, employeeName, WORK_ORDER_TEXT_INPUTS } from './records';
import { searchRecords } from './search-filter';
import type { UserRecord, WorkOrderRecord } from './types';
import { localNow, NULL_DATE, NULL_NUMBER } from './wire-dates';

const SVC = 'WorkOrder';
// WorkOrderErrorCodes are not in the SDK typings we have; these mirror the ServiceRequest ones.
const E = ErrorCodes.request;

export function getWorkOrder(ctx: SiteContext, id: string | undefined, sid?: number): WorkOrderRecord {
  const w = ctx.store.state.workOrders.find((x) => (id !== undefined && x.WorkOrderId === id) || (sid !== undefined && x.WorkOrderSid === sid));
  if (!w) throw serviceError(SVC, 2, 'InvalidWorkOrderId', `Invalid work order id ${id ?? sid ?? ''}`.trim());
  return w;
}

function checkStatus(ctx: SiteContext, status: string): string {
  const code = ctx.store.state.workOrderStatuses.find((s) => s.Code.toLowerCase() === status.toLowerCase());
  if (!code) throw serviceError(SVC, E.InvalidField, 'InvalidField', `Invalid status ${status}`);
  return code.Code;
}

export function createWorkOrder(ctx: SiteContext, args: DataArgs, actor: UserRecord | null): WorkOrderRecord {
  const user = requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorizedToCreateWorkOrder');
  const templateId = args.str('WOTemplateId');
  const entityType = args.str('EntityType');
  if (!templateId || !entityType) throw serviceError(SVC, E.ErrorRequiredFields, 'ErrorRequiredFields', 'WOTemplateId and EntityType are required');
  const t = ctx.store.state.woTemplates.find((x) => x.WOTemplateId === templateId);
  if (!t) throw serviceError(SVC, E.ErrorItemNotFound, 'ErrorItemNotFound', `Work order template ${templateId} not found`);
  const requestIds = args.numList('RequestIds') ?? [];
  const linked = requestIds.map((id) => ctx.store.state.requests.find((r) => r.RequestId === id));
  if (linked.some((r) => r === undefined)) throw serviceError(SVC, 2, 'InvalidRequestId', 'Invalid request id in RequestIds');

  const now = localNow();
  const w = blankWorkOrder(0);
  Object.assign(w, {
    WOTemplateId: t.WOTemplateId, Description: t.Description, WOCategory: t.WOCategory, ApplyToEntity: entityType, Priority: t.Priority,
    Status: 'OPEN', InitiatedBy: employeeName(user), InitiatedBySid: user.EmployeeSid, InitiateDate: args.date('InitiateDate') ?? now,
    DateModified: now, RequestIds: requestIds.join(','),
  });
  for (const [input, field] of Object.entries(WORK_ORDER_TEXT_INPUTS)) {
    const v = args.str(input);
    if (v !== undefined) w[field] = v;
  }
  const status = args.str('Status');
  if (status) w.Status = checkStatus(ctx, status);
  for (const field of ['SubmitTo', 'Supervisor'] as const) {
    const e = findEmployee(ctx, args.num(`${field}Sid`));
    if (e) {
      w[`${field}Sid`] = e.EmployeeSid;
      w[field] = employeeName(e);
    }
  }
  const xy = siteXY(ctx, args, SVC);
  if (xy) {
    w.WOXCoordinate = xy.x;
    w.WOYCoordinate = xy.y;
  }
  const sid = ctx.store.nextId('workOrder');
  w.WorkOrderSid = sid;
  w.WorkOrderId = String(sid);
  ctx.store.state.workOrders.push(w);
  for (const r of linked) if (r) r.WorkOrderId = w.WorkOrderId;
  const comments = args.str('Comments');
  if (comments) addComment(ctx, ActivityType.WorkOrder, sid, comments, user);
  return w;
}

export function moveWorkOrder(ctx: SiteContext, args: DataArgs, actor: UserRecord | null): WorkOrderRecord {
  requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const w = getWorkOrder(ctx, args.str('WorkOrderId'), args.num('WorkOrderSid'));
  const xy = siteXY(ctx, args, SVC);
  if (!xy) throw serviceError(SVC, E.InvalidActivityMapLogicXY, 'InvalidActivityMapLogicXY', 'X and Y are required');
  Object.assign(w, { WOXCoordinate: xy.x, WOYCoordinate: xy.y, DateModified: localNow() });
  return w;
}

function workOrdersFor(ctx: SiteContext, args: DataArgs): WorkOrderRecord[] {
  const ids = args.strList('WorkOrderIds') ?? [];
  const sids = args.numList('WorkOrderSids') ?? [];
  if (ids.length + sids.length === 0) throw serviceError(SVC, E.ErrorRequiredFields, 'ErrorRequiredFields', 'WorkOrderIds is required');
  return [...ids.map((id) => getWorkOrder(ctx, id)), ...sids.map((sid) => getWorkOrder(ctx, undefined, sid))];
}

export function closeWorkOrders(ctx: SiteContext, args: DataArgs, actor: UserRecord | null): WorkOrderRecord[] {
  const user = requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const ws = workOrdersFor(ctx, args);
  for (const w of ws) {
    if (w.IsClosed || w.Cancel) throw serviceError(SVC, E.ErrorStatusCantBeClosed, 'ErrorStatusCantBeClosed', `Work order ${w.WorkOrderId} is already closed`);
  }
  const now = localNow();
  for (const w of ws) Object.assign(w, { Status: 'CLOSED', IsClosed: true, WOClosedBy: employeeName(user), WOClosedBySid: user.EmployeeSid, DateWOClosed: now, DateModified: now });
  return ws;
}

export function cancelWorkOrders(ctx: SiteContext, args: DataArgs, actor: UserRecord | null): WorkOrderRecord[] {
  const user = requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const ws = workOrdersFor(ctx, args);
  for (const w of ws) {
    if (w.Cancel) throw serviceError(SVC, E.ErrorStatusCantBeCanceled, 'ErrorStatusCantBeCanceled', `Work order ${w.WorkOrderId} is already canceled`);
  }
  const now = localNow();
  for (const w of ws) {
    Object.assign(w, {
      Status: 'CANCEL', Cancel: true, CancelReason: args.str('CancelReason') ?? '', CancelledBy: employeeName(user), CancelledBySid: user.EmployeeSid,
      DateCancelled: args.date('DateCancelled') ?? now, DateModified: now,
    });
  }
  return ws;
}

export function reopenWorkOrders(ctx: SiteContext, args: DataArgs, actor: UserRecord | null): WorkOrderRecord[] {
  requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const ws = workOrdersFor(ctx, args);
  const now = localNow();
  for (const w of ws) {
    Object.assign(w, {
      Status: 'OPEN', IsClosed: false, WOClosedBy: '', WOClosedBySid: NULL_NUMBER, DateWOClosed: NULL_DATE, Cancel: false, CancelReason: '',
      CancelledBy: '', CancelledBySid: NULL_NUMBER, DateCancelled: NULL_DATE, DateModified: now,
    });
  }
  return ws;
}

export function searchWorkOrders(ctx: SiteContext, args: DataArgs): string[] {
  const found = searchRecords(ctx.store.state.workOrders, args, {
    aliases: { WorkOrderIds: 'WorkOrderId', WorkOrderSids: 'WorkOrderSid', Address: 'WOAddress' },
    flags: { Closed: (w) => w.IsClosed === true, Canceled: (w) => w.Cancel === true, Cancelled: (w) => w.Cancel === true },
    xField: 'WOXCoordinate',
    yField: 'WOYCoordinate',
  });
  return found.sort((a, b) => a.WorkOrderSid - b.WorkOrderSid).map((w) => w.WorkOrderId);
}

export function setWorkOrderStatus(ctx: SiteContext, w: WorkOrderRecord, status: string): void {
  w.Status = checkStatus(ctx, status);
  w.DateModified = localNow();
}
