import { addAttachment } from './attachment-ops';
import { ActivityType, addComment } from './comment-ops';
import { findEmployee, type SiteContext } from './context';
import { DataArgs, toBool, toNum, toStr } from './data-args';
import { serviceError } from './envelope';
import { employeeName } from './records';
import { cancelRequests, closeRequests, createRequest, getRequest, reopenRequests } from './request-ops';
import { STAFF_SID } from './seed';
import type { AttachmentRecord, CommentRecord, RequestRecord, UserRecord, WireValue, WorkOrderRecord } from './types';
import { localNow, NULL_DATE, parseWireDate } from './wire-dates';
import {
  cancelWorkOrders, closeWorkOrders, createWorkOrder, getWorkOrder, reopenWorkOrders, setWorkOrderStatus,
} from './work-order-ops';

/**
 * Create fields as Cityworks names them (any case), plus `lon`/`lat` (WGS84) as a shortcut for
 * X/Y with WKID 4326.
 */
export type StaffRecordInput = Record<string, unknown>;

export interface StaffAttachmentInput {
  filename: string;
  contentType: string;
  /** File content, base64. */
  base64: string;
  comment?: string;
}

/** What city staff do in Cityworks itself, outside the integration's API user. */
export interface StaffActions {
  listRequests(): RequestRecord[];
  listWorkOrders(): WorkOrderRecord[];
  createRequest(input: StaffRecordInput): RequestRecord;
  closeRequest(id: number): RequestRecord;
  cancelRequest(id: number, reason?: string): RequestRecord;
  reopenRequest(id: number): RequestRecord;
  setRequestStatus(id: number, status: string): RequestRecord;
  setRequestField(id: number, field: string, value: unknown): RequestRecord;
  addRequestComment(id: number, text: string): CommentRecord;
  addRequestAttachment(id: number, a: StaffAttachmentInput): AttachmentRecord;
  createWorkOrder(input: StaffRecordInput): WorkOrderRecord;
  closeWorkOrder(id: string): WorkOrderRecord;
  cancelWorkOrder(id: string, reason?: string): WorkOrderRecord;
  reopenWorkOrder(id: string): WorkOrderRecord;
  setWorkOrderStatus(id: string, status: string): WorkOrderRecord;
  setWorkOrderField(id: string, field: string, value: unknown): WorkOrderRecord;
  addWorkOrderComment(id: string, text: string): CommentRecord;
  addWorkOrderAttachment(id: string, a: StaffAttachmentInput): AttachmentRecord;
}

function first<T>(list: T[]): T {
  const v = list[0];
  if (v === undefined) throw new Error('Expected one record');
  return v;
}

function withLonLat(input: StaffRecordInput): DataArgs {
  const args = DataArgs.from(input);
  const lon = args.num('lon') ?? args.num('lng') ?? args.num('longitude');
  const lat = args.num('lat') ?? args.num('latitude');
  if (lon !== undefined && lat !== undefined && !args.has('X')) return DataArgs.from({ ...input, X: lon, Y: lat, WKID: 4326 });
  return args;
}

/** Writes `value` into `field` keeping the field's wire type; employee fields take a sid or a login. */
function setField(ctx: SiteContext, rec: Record<string, WireValue>, field: string, value: unknown, service: string): void {
  const key = Object.keys(rec).find((k) => k.toLowerCase() === field.toLowerCase());
  if (!key) throw serviceError(service, 30, 'InvalidField', `Unknown field ${field}`);
  const sidKey = `${key}Sid`;
  if (sidKey in rec && typeof rec[key] === 'string') {
    const e = findEmployee(ctx, toNum(value)) ?? ctx.store.state.users.find((u) => u.LoginName.toLowerCase() === toStr(value)?.toLowerCase() || employeeName(u) === toStr(value));
    if (!e) throw serviceError(service, 30, 'InvalidField', `Unknown employee ${String(value)}`);
    rec[key] = employeeName(e);
    rec[sidKey] = e.EmployeeSid;
    return;
  }
  const current = rec[key];
  if (typeof current === 'number') {
    const n = toNum(value);
    if (n === undefined) throw serviceError(service, 30, 'InvalidField', `${key} needs a number`);
    rec[key] = n;
  } else if (typeof current === 'boolean') {
    const b = toBool(value);
    if (b === undefined) throw serviceError(service, 30, 'InvalidField', `${key} needs true or false`);
    rec[key] = b;
  } else if (typeof current === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(current)) {
    rec[key] = value === null || value === '' ? NULL_DATE : (parseWireDate(value) ?? (() => { throw serviceError(service, 30, 'InvalidField', `${key} needs a date`); })());
  } else {
    rec[key] = toStr(value) ?? '';
  }
}

export function createStaffActions(ctx: () => SiteContext): StaffActions {
  const staff = (): UserRecord => {
    const u = ctx().store.state.users.find((x) => x.EmployeeSid === STAFF_SID);
    if (!u) throw new Error('Seed staff user missing');
    return u;
  };
  /** Every staff action is one change, saved before it returns. */
  const act = <T>(fn: (c: SiteContext) => T): T => {
    const c = ctx();
    const out = fn(c);
    c.store.save();
    return out;
  };
  const touch = <T extends Record<string, WireValue>>(rec: T): T => {
    (rec as Record<string, WireValue>).DateModified = localNow();
    return rec;
  };
  const attachment = (a: StaffAttachmentInput) => ({
    filename: a.filename, contentType: a.contentType, bytes: Buffer.from(a.base64, 'base64'), comments: a.comment ?? '',
  });
  return {
    listRequests: () => ctx().store.state.requests,
    listWorkOrders: () => ctx().store.state.workOrders,
    createRequest: (input) => act((c) => {
      const args = withLonLat({ InitiatedByApp: 'CWWEB', ...input });
      return createRequest(c, args, staff());
    }),
    closeRequest: (id) => act((c) => first(closeRequests(c, [id], staff()))),
    cancelRequest: (id, reason) => act((c) => first(cancelRequests(c, [id], reason, undefined, staff()))),
    reopenRequest: (id) => act((c) => first(reopenRequests(c, [id], staff()))),
    setRequestStatus: (id, status) => act((c) => {
      const r = getRequest(c, id);
      const code = c.store.state.requestStatuses.find((s) => s.Code.toLowerCase() === status.toLowerCase());
      if (!code) throw serviceError('ServiceRequest', 30, 'InvalidField', `Invalid status ${status}`);
      r.Status = code.Code;
      return touch(r);
    }),
    setRequestField: (id, field, value) => act((c) => {
      const r = getRequest(c, id);
      setField(c, r, field, value, 'ServiceRequest');
      return touch(r);
    }),
    addRequestComment: (id, text) => act((c) => addComment(c, ActivityType.Request, getRequest(c, id).RequestId, text, staff())),
    addRequestAttachment: (id, a) => act((c) => addAttachment(c, { kind: 'request', requestId: getRequest(c, id).RequestId }, attachment(a), staff())),
    createWorkOrder: (input) => act((c) => createWorkOrder(c, withLonLat({ InitiatedByApp: 'CWWEB', EntityType: 'STREET', ...input }), staff())),
    closeWorkOrder: (id) => act((c) => first(closeWorkOrders(c, DataArgs.from({ WorkOrderIds: [id] }), staff()))),
    cancelWorkOrder: (id, reason) => act((c) => first(cancelWorkOrders(c, DataArgs.from({ WorkOrderIds: [id], CancelReason: reason }), staff()))),
    reopenWorkOrder: (id) => act((c) => first(reopenWorkOrders(c, DataArgs.from({ WorkOrderIds: [id] }), staff()))),
    setWorkOrderStatus: (id, status) => act((c) => {
      const w = getWorkOrder(c, id);
      setWorkOrderStatus(c, w, status);
      return w;
    }),
    setWorkOrderField: (id, field, value) => act((c) => {
      const w = getWorkOrder(c, id);
      setField(c, w, field, value, 'WorkOrder');
      return touch(w);
    }),
    addWorkOrderComment: (id, text) => act((c) => addComment(c, ActivityType.WorkOrder, getWorkOrder(c, id).WorkOrderSid, text, staff())),
    addWorkOrderAttachment: (id, a) => act((c) => {
      const w = getWorkOrder(c, id);
      return addAttachment(c, { kind: 'workorder', sid: w.WorkOrderSid, id: w.WorkOrderId }, attachment(a), staff());
    }),
  };
}

