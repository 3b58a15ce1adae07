import { ActivityType, addComment } from './comment-ops';
import { findEmployee, requireWriter, siteXY, type SiteContext } from './context';
import type { DataArgs } from './data-args';
import { isRecord, toNum, toStr } from './data-args';
import { ErrorCodes, serviceError } from './envelope';
import {
  blankCustomerCall, blankRequest, CALLER_TEXT_INPUTS, employeeName, REQUEST_BOOL_INPUTS, REQUEST_DATE_INPUTS,
  REQUEST_NUMBER_INPUTS, REQUEST_TEXT_INPUTS,
} from './records';
import { searchRecords } from './search-filter';
import type { AnswerRecord, RequestRecord, UserRecord } from './types';
import { localNow } from './wire-dates';

const SVC = 'ServiceRequest';
const E = ErrorCodes.request;

export function getRequest(ctx: SiteContext, id: number | undefined): RequestRecord {
  const r = id === undefined ? undefined : ctx.store.state.requests.find((x) => x.RequestId === id);
  if (!r) throw serviceError(SVC, E.InvalidRequestId, 'InvalidRequestId', `Invalid request id ${id ?? ''}`.trim());
  return r;
}

function checkStatus(ctx: SiteContext, status: string): string {
  const code = ctx.store.state.requestStatuses.find((s) => s.Code.toLowerCase() === status.toLowerCase());
  if (!code) throw serviceError(SVC, E.InvalidField, 'InvalidField', `Invalid status ${status}`);
  return code.Code;
}

function assignEmployee(ctx: SiteContext, r: RequestRecord, field: 'SubmitTo' | 'DispatchTo', sid: number | undefined): void {
  if (sid === undefined || sid <= 0) return;
  const e = findEmployee(ctx, sid);
  if (!e) throw serviceError(SVC, E.InvalidField, 'InvalidField', `Invalid ${field} employee ${sid}`);
  r[`${field}Sid`] = sid;
  r[field] = employeeName(e);
  r[`Date${field}`] = localNow();
}

/** The plain fields shared by Create and Update. */
function applyFields(ctx: SiteContext, r: RequestRecord, args: DataArgs): void {
  for (const [input, field] of Object.entries(REQUEST_TEXT_INPUTS)) {
    const v = args.str(input);
    if (v !== undefined) r[field] = v;
  }
  for (const f of REQUEST_NUMBER_INPUTS) {
    const v = args.num(f);
    if (v !== undefined) r[f] = v;
  }
  for (const f of REQUEST_DATE_INPUTS) {
    const v = args.date(f);
    if (v !== undefined) r[f] = v;
  }
  for (const f of REQUEST_BOOL_INPUTS) {
    const v = args.bool(f);
    if (v !== undefined) r[f] = v;
  }
  const status = args.str('Status');
  if (status !== undefined && status !== '') r.Status = checkStatus(ctx, status);
  // 15.8.3 takes SubmitTo/DispatchTo as integers, later versions only the ...Sid forms: accept both.
  assignEmployee(ctx, r, 'SubmitTo', args.num('SubmitToSid') ?? args.num('SubmitTo'));
  assignEmployee(ctx, r, 'DispatchTo', args.num('DispatchToSid') ?? args.num('DispatchTo'));
  const xy = siteXY(ctx, args, SVC);
  if (xy) {
    r.SRX = xy.x;
    r.SRY = xy.y;
  }
}

interface GivenAnswer { answer: AnswerRecord; value: string }

function readAnswers(ctx: SiteContext, args: DataArgs, problemSid: number): GivenAnswer[] {
  const out: GivenAnswer[] = [];
  const s = ctx.store.state;
  for (const item of [...(args.list('Answers') ?? []), ...(args.list('DateAnswers') ?? [])]) {
    if (!isRecord(item)) continue;
    const lower = new Map(Object.entries(item).map(([k, v]) => [k.toLowerCase(), v]));
    const answerId = toNum(lower.get('answerid'));
    const answer = s.answers.find((a) => a.AnswerId === answerId);
    const question = answer && s.questions.find((q) => q.QuestionId === answer.QuestionId);
    if (!answer || question?.ProblemSid !== problemSid) {
      throw serviceError(SVC, E.InvalidField, 'InvalidField', `Answer ${String(answerId)} does not belong to problem ${problemSid}`);
    }
    out.push({ answer, value: toStr(lower.get('answervalue')) ?? answer.Answer });
  }
  return out;
}

export function createRequest(ctx: SiteContext, args: DataArgs, actor: UserRecord | null): RequestRecord {
  const user = requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorizedToCreateRequest');
  const problemSid = args.num('ProblemSid');
  if (problemSid === undefined) throw serviceError(SVC, E.ErrorRequiredFields, 'ErrorRequiredFields', 'ProblemSid is required');
  const problem = ctx.store.state.problems.find((p) => p.ProblemSid === problemSid);
  if (!problem) throw serviceError(SVC, E.ErrorItemNotFound, 'ErrorItemNotFound', `Problem ${problemSid} not found`);
  const answers = readAnswers(ctx, args, problemSid);

  // Build on a draft with a placeholder id so a validation error consumes no request id.
  const r = blankRequest(0);
  const now = localNow();
  Object.assign(r, {
    ProblemSid: problem.ProblemSid, ProblemCode: problem.ProblemCode, Description: problem.Description, ReqCategory: problem.ProbCategory,
    DomainId: problem.DomainId, Priority: problem.Priority, Status: 'OPEN', DateTimeInit: args.date('DateTimeInit') ?? now, DateModified: now,
  });
  const initiator = findEmployee(ctx, args.num('InitiatedBySid')) ?? user;
  r.InitiatedBySid = initiator.EmployeeSid;
  r.InitiatedBy = employeeName(initiator);
  assignEmployee(ctx, r, 'SubmitTo', problem.SubmitTo || undefined);
  assignEmployee(ctx, r, 'DispatchTo', problem.DispatchTo || undefined);
  for (const a of answers) {
    if (a.answer.Priority !== '') r.Priority = a.answer.Priority;
    if (a.answer.SubmitTo > 0) assignEmployee(ctx, r, 'SubmitTo', a.answer.SubmitTo);
  }
  applyFields(ctx, r, args);

  r.RequestId = ctx.store.nextId('request');
  ctx.store.state.requests.push(r);
  const call = blankCustomerCall(ctx.store.nextId('incident'), r.RequestId);
  for (const [input, field] of Object.entries(CALLER_TEXT_INPUTS)) {
    const v = args.str(input);
    if (v !== undefined) call[field] = v;
  }
  Object.assign(call, {
    ProbDetails: r.Details, DateTimeCall: args.date('CallerCallTime') ?? r.DateTimeInit, CallBack: args.bool('CallerCallback') ?? false,
    TakenBy: employeeName(user), TakenBySid: user.EmployeeSid,
  });
  ctx.store.state.customerCalls.push(call);
  for (const a of answers) {
    const q = ctx.store.state.questions.find((x) => x.QuestionId === a.answer.QuestionId);
    ctx.store.state.callerQuestions.push({
      CallQuestionId: ctx.store.nextId('callQuestion'), IncidentNum: call.IncidentNum, RequestId: r.RequestId, Question: q?.Question ?? '',
      QuestionSequence: q?.QuestionSequence ?? 0, Answer: a.value, AnswerId: a.answer.AnswerId,
    });
  }
  const comments = args.str('Comments');
  if (comments) addComment(ctx, ActivityType.Request, r.RequestId, comments, user);
  return r;
}

export function updateRequest(ctx: SiteContext, args: DataArgs, actor: UserRecord | null): RequestRecord {
  const user = requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const r = getRequest(ctx, args.num('RequestId'));
  const draft = { ...r };
  applyFields(ctx, draft, args);
  Object.assign(r, draft, { DateModified: localNow() });
  const comments = args.str('Comments');
  if (comments) addComment(ctx, ActivityType.Request, r.RequestId, comments, user);
  return r;
}

export function moveRequest(ctx: SiteContext, args: DataArgs, actor: UserRecord | null): RequestRecord {
  requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const r = getRequest(ctx, args.num('RequestId'));
  const xy = siteXY(ctx, args, SVC);
  if (!xy) throw serviceError(SVC, E.InvalidActivityMapLogicXY, 'InvalidActivityMapLogicXY', 'X and Y are required');
  Object.assign(r, { SRX: xy.x, SRY: xy.y, DateModified: localNow() });
  return r;
}

function requestsFor(ctx: SiteContext, ids: number[] | undefined): RequestRecord[] {
  if (!ids || ids.length === 0) throw serviceError(SVC, E.ErrorRequiredFields, 'ErrorRequiredFields', 'RequestIds is required');
  return ids.map((id) => getRequest(ctx, id));
}

export function closeRequests(ctx: SiteContext, ids: number[] | undefined, actor: UserRecord | null): RequestRecord[] {
  const user = requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const rs = requestsFor(ctx, ids);
  for (const r of rs) {
    if (r.IsClosed || r.Cancel) throw serviceError(SVC, E.ErrorStatusCantBeClosed, 'ErrorStatusCantBeClosed', `Request ${r.RequestId} is already closed`);
  }
  const now = localNow();
  for (const r of rs) {
    Object.assign(r, { Status: 'CLOSED', IsClosed: true, ClosedBy: employeeName(user), ClosedBySid: user.EmployeeSid, DateTimeClosed: now, DateModified: now });
  }
  return rs;
}

export function cancelRequests(ctx: SiteContext, ids: number[] | undefined, reason: string | undefined, date: string | undefined, actor: UserRecord | null): RequestRecord[] {
  const user = requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const rs = requestsFor(ctx, ids);
  for (const r of rs) {
    if (r.Cancel) throw serviceError(SVC, E.ErrorStatusCantBeCanceled, 'ErrorStatusCantBeCanceled', `Request ${r.RequestId} is already canceled`);
  }
  const now = localNow();
  for (const r of rs) {
    Object.assign(r, {
      Status: 'CANCEL', Cancel: true, CancelledBy: employeeName(user), CancelledBySid: user.EmployeeSid, DateCancelled: date ?? now,
      CancelReason: reason ?? '', DateModified: now,
    });
  }
  return rs;
}

export function reopenRequests(ctx: SiteContext, ids: number[] | undefined, actor: UserRecord | null): RequestRecord[] {
  requireWriter(actor, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
  const rs = requestsFor(ctx, ids);
  const now = localNow();
  for (const r of rs) {
    Object.assign(r, {
      Status: 'OPEN', IsClosed: false, ClosedBy: '', ClosedBySid: -9999, DateTimeClosed: '0001-01-01T00:00:00',
      Cancel: false, CancelledBy: '', CancelledBySid: -9999, DateCancelled: '0001-01-01T00:00:00', CancelReason: '', DateModified: now,
    });
  }
  return rs;
}

export function searchRequests(ctx: SiteContext, args: DataArgs): number[] {
  const found = searchRecords(ctx.store.state.requests, args, {
    aliases: {
      RequestIds: 'RequestId', Address: 'ProbAddress', SubmitTo: 'SubmitToSid', DispatchTo: 'DispatchToSid', InitiatedBy: 'InitiatedBySid',
      ClosedBy: 'ClosedBySid', ProblemSids: 'ProblemSid', Statuses: 'Status',
    },
    flags: { Closed: (r) => r.IsClosed === true, Canceled: (r) => r.Cancel === true, Cancelled: (r) => r.Cancel === true, HasWorkOrder: (r) => r.WorkOrderId !== '' },
    xField: 'SRX',
    yField: 'SRY',
  });
  return found.map((r) => r.RequestId).sort((a, b) => a - b);
}
