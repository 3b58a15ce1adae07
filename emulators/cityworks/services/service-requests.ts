import { ActivityType, addComment, commentsAsText, commentsFor } from '../comment-ops';
import { requireWriter, type RouteDef, type ServiceCall } from '../context';
import { ErrorCodes, serviceError } from '../envelope';
import {
  cancelRequests, closeRequests, createRequest, getRequest, moveRequest, reopenRequests, searchRequests, updateRequest,
} from '../request-ops';
import { NULL_DATE } from '../wire-dates';

const SVC = 'ServiceRequest';
const E = ErrorCodes.request;

function problems(call: ServiceCall): { value: unknown } {
  const publicOnly = call.args.bool('ForPublicOnly') ?? false;
  const activeOnly = call.args.bool('OnlyActiveTemplates') ?? false;
  const domains = [...(call.args.numList('DomainIds') ?? []), ...(call.args.numList('DomainId') ?? [])];
  const list = call.store.state.problems.filter(
    (p) => (!publicOnly || p.ForPublicSite) && (!activeOnly || !p.Cancel) && (domains.length === 0 || domains.includes(p.DomainId)),
  );
  return {
    value: list.map((p) => ({
      ProblemSid: p.ProblemSid, DomainId: p.DomainId, ProblemCode: p.ProblemCode, Description: p.Description,
      OtherSysCode: p.OtherSysCode, OtherSysDesc1: p.OtherSysDesc1, OtherSysDesc2: p.OtherSysDesc2,
    })),
  };
}

function qa(call: ServiceCall): { value: unknown } {
  const sid = call.args.num('ProblemSid');
  if (sid === undefined) throw serviceError(SVC, E.ErrorRequiredFields, 'ErrorRequiredFields', 'ProblemSid is required');
  const p = call.store.state.problems.find((x) => x.ProblemSid === sid);
  if (!p) throw serviceError(SVC, E.ErrorItemNotFound, 'ErrorItemNotFound', `Problem ${sid} not found`);
  const questions = call.store.state.questions.filter((q) => q.ProblemSid === sid).sort((a, b) => a.QuestionSequence - b.QuestionSequence);
  const ids = new Set(questions.map((q) => q.QuestionId));
  const answers = call.store.state.answers.filter((a) => ids.has(a.QuestionId));
  return { value: { ProblemSid: sid, BranchingModel: p.BranchingModel, Questions: questions, Answers: answers } };
}

export const serviceRequestRoutes: RouteDef[] = [
  { path: 'Ams/ServiceRequest/Create', auth: true, handler: (c) => ({ value: createRequest(c, c.args, c.user) }) },
  { path: 'Ams/ServiceRequest/ById', auth: true, handler: (c) => ({ value: getRequest(c, c.args.num('RequestId')) }) },
  {
    path: 'Ams/ServiceRequest/ByIds', auth: true,
    // Ids that do not exist are left out rather than failing the batch.
    handler: (c) => {
      // One pass over the records, answered in the order asked: ByIds is the poll's batched read,
      // and a lookup per id would make the emulator, not the sync, the cost at 100,000 records.
      const wanted = c.args.numList('RequestIds') ?? [];
      const ids = new Set(wanted);
      const byId = new Map(c.store.state.requests.filter((r) => ids.has(r.RequestId)).map((r) => [r.RequestId, r]));
      return { value: wanted.flatMap((id) => byId.get(id) ?? []) };
    },
  },
  { path: 'Ams/ServiceRequest/Search', auth: true, handler: (c) => ({ value: searchRequests(c, c.args) }) },
  { path: 'Ams/ServiceRequest/Update', auth: true, handler: (c) => ({ value: updateRequest(c, c.args, c.user) }) },
  { path: 'Ams/ServiceRequest/Move', auth: true, handler: (c) => ({ value: moveRequest(c, c.args, c.user) }) },
  { path: 'Ams/ServiceRequest/Close', auth: true, handler: (c) => ({ value: closeRequests(c, c.args.numList('RequestIds'), c.user) }) },
  {
    path: 'Ams/ServiceRequest/Cancel', auth: true,
    handler: (c) => ({ value: cancelRequests(c, c.args.numList('RequestIds'), c.args.str('CancelReason'), c.args.date('DateCancelled'), c.user) }),
  },
  { path: 'Ams/ServiceRequest/Reopen', auth: true, handler: (c) => ({ value: reopenRequests(c, c.args.numList('RequestIds'), c.user) }) },
  { path: 'Ams/ServiceRequest/Uncancel', auth: true, handler: (c) => ({ value: reopenRequests(c, c.args.numList('RequestIds'), c.user) }) },
  { path: 'Ams/ServiceRequest/Problems', auth: true, handler: problems },
  { path: 'Ams/ServiceRequest/QA', auth: true, handler: qa },
  { path: 'Ams/ServiceRequest/Statuses', auth: true, handler: (c) => ({ value: c.store.state.requestStatuses }) },
  {
    path: 'Ams/ServiceRequest/ByOtherSystemId', auth: true,
    // Other system ids are not unique; Cityworks returns one match, or null.
    handler: (c) => {
      const id = c.args.str('OtherSystemId') ?? '';
      return { value: c.store.state.requests.find((r) => id !== '' && r.OtherSystemId === id) ?? null };
    },
  },
  {
    path: 'Ams/ServiceRequest/AddComments', auth: true,
    handler: (c) => {
      const user = requireWriter(c.user, SVC, E.NotAuthorizedToCreateRequest, 'NotAuthorized');
      const r = getRequest(c, c.args.num('RequestId'));
      return { value: addComment(c, ActivityType.Request, r.RequestId, c.args.str('Comments') ?? '', user).Comments };
    },
  },
  { path: 'Ams/ServiceRequest/Comments', auth: true, handler: (c) => ({ value: commentsAsText(c, ActivityType.Request, getRequest(c, c.args.num('RequestId')).RequestId) }) },
  {
    path: 'Ams/ServiceRequest/CommentsByRequestIds', auth: true,
    handler: (c) => ({
      value: Object.fromEntries((c.args.numList('RequestIds') ?? []).map((id) => [String(id), commentsAsText(c, ActivityType.Request, id)])),
    }),
  },
  {
    path: 'Ams/CustomerCall/ByRequestIds', auth: true,
    handler: (c) => {
      const ids = new Set(c.args.numList('RequestIds') ?? []);
      return { value: c.store.state.customerCalls.filter((x) => ids.has(x.RequestId)) };
    },
  },
  {
    path: 'Ams/CustomerCall/ByRequestId', auth: true,
    handler: (c) => ({ value: c.store.state.customerCalls.filter((x) => x.RequestId === c.args.num('RequestId')) }),
  },
  {
    path: 'Ams/CustomerCall/CallerQuestionsByRequestIds', auth: true,
    handler: (c) => {
      const out: Record<string, unknown[]> = {};
      for (const id of c.args.numList('RequestIds') ?? []) {
        out[String(id)] = c.store.state.callerQuestions
          .filter((q) => q.RequestId === id)
          .map(({ CallQuestionId, IncidentNum, Question, QuestionSequence, Answer, AnswerId }) => ({ CallQuestionId, IncidentNum, Question, QuestionSequence, Answer, AnswerId }));
      }
      return { value: out };
    },
  },
  {
    path: 'Ams/Comment/Add', auth: true,
    handler: (c) => {
      const user = requireWriter(c.user, 'Comment', E.NotAuthorizedToCreateRequest, 'NotAuthorized');
      const sid = c.args.num('ActivitySid');
      if (sid === undefined) throw serviceError('Comment', ErrorCodes.comment.InvalidActivityId, 'InvalidActivityId', 'ActivitySid is required');
      return { value: addComment(c, c.args.num('ActivityType') ?? ActivityType.Request, sid, c.args.str('Comments') ?? '', user) };
    },
  },
  {
    path: 'Ams/Comment/ByActivitySids', auth: true,
    handler: (c) => {
      const sids = c.args.numList('ActivitySids') ?? [];
      if (sids.length === 0) throw serviceError('Comment', ErrorCodes.comment.MissingActivitySids, 'MissingActivitySids', 'ActivitySids is required');
      const type = c.args.num('ActivityType') ?? ActivityType.Request;
      return { value: Object.fromEntries(sids.map((sid) => [String(sid), commentsFor(c, type, sid)])) };
    },
  },
  {
    path: 'Ams/Preferences/User', auth: true, short: true,
    handler: (c) => ({
      value: {
        SpatialReference: c.siteWkid, DomainId: 1, EmployeeSid: c.user?.EmployeeSid ?? -9999, LoginName: c.user?.LoginName ?? '',
        DefaultMap: '', LastLogin: NULL_DATE,
      },
    }),
  },
];
