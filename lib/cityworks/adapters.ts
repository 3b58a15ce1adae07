import type { z } from 'zod';
import { cityworksNumber, parseCityworksDate } from './dates';
import type {
  Attachment,
  CityworksUser,
  CodeDescription,
  CommentRecord,
  CustomerCall,
  Problem,
  ProblemQa,
  RemoteServiceRequest,
  RemoteWorkOrder,
  WorkOrderTemplate,
} from './domain';
import type * as wire from './wire';

/** Wire → domain. `tz` is the server's zone for its offset-less dates. */

export function toServiceRequest(w: z.infer<typeof wire.requestBase>, tz: string): RemoteServiceRequest {
  return {
    requestId: w.RequestId,
    domainId: cityworksNumber(w.DomainId),
    problemSid: cityworksNumber(w.ProblemSid),
    problemCode: w.ProblemCode,
    description: w.Description,
    details: w.Details,
    category: w.ReqCategory,
    priority: w.Priority,
    status: w.Status,
    isClosed: w.IsClosed,
    cancelled: w.Cancel,
    x: cityworksNumber(w.SRX),
    y: cityworksNumber(w.SRY),
    address: w.ProbAddress,
    aptNum: w.ProbAptNum,
    city: w.ProbCity,
    state: w.ProbState,
    zip: w.ProbZip,
    landmark: w.ProbLandmark,
    district: w.ProbDistrict,
    location: w.ProbLocation,
    initiatedBy: w.InitiatedBy,
    initiatedByApp: w.InitiatedByApp,
    otherSystemId: w.OtherSystemId,
    submitTo: w.SubmitTo,
    submitToSid: cityworksNumber(w.SubmitToSid),
    dispatchTo: w.DispatchTo,
    closedBy: w.ClosedBy,
    cancelledBy: w.CancelledBy,
    cancelReason: w.CancelReason,
    workOrderId: w.WorkOrderId,
    dateTimeInit: parseCityworksDate(w.DateTimeInit, tz),
    dateTimeClosed: parseCityworksDate(w.DateTimeClosed, tz),
    dateCancelled: parseCityworksDate(w.DateCancelled, tz),
    raw: { ...w },
  };
}

export function toWorkOrder(w: z.infer<typeof wire.workOrderBase>, tz: string): RemoteWorkOrder {
  return {
    workOrderId: w.WorkOrderId,
    workOrderSid: cityworksNumber(w.WorkOrderSid),
    templateId: w.WOTemplateId,
    description: w.Description,
    status: w.Status,
    priority: w.Priority,
    isClosed: w.IsClosed,
    cancelled: w.Cancel,
    cancelReason: w.CancelReason,
    x: cityworksNumber(w.WOXCoordinate),
    y: cityworksNumber(w.WOYCoordinate),
    address: w.WOAddress,
    initiatedBy: w.InitiatedBy,
    initiatedByApp: w.InitiatedByApp,
    submitTo: w.SubmitTo,
    supervisor: w.Supervisor,
    closedBy: w.WOClosedBy,
    initiateDate: parseCityworksDate(w.InitiateDate, tz),
    dateClosed: parseCityworksDate(w.DateWOClosed, tz),
    dateCancelled: parseCityworksDate(w.DateCancelled, tz),
    raw: { ...w },
  };
}

export function toCodeDescription(w: z.infer<typeof wire.codeDesc>): CodeDescription {
  return { code: w.Code, description: w.Description, codeType: w.CodeType, isActive: w.IsActive ?? null };
}

export function toProblem(w: z.infer<typeof wire.problemName>): Problem {
  return {
    problemSid: w.ProblemSid,
    domainId: cityworksNumber(w.DomainId),
    problemCode: w.ProblemCode,
    description: w.Description,
    otherSysCode: w.OtherSysCode,
  };
}

export function toProblemQa(w: z.infer<typeof wire.problemQa>): ProblemQa {
  return {
    problemSid: w.ProblemSid,
    branching: w.BranchingModel,
    questions: (w.Questions ?? []).map((q) => ({
      questionId: q.QuestionId,
      question: q.Question,
      sequence: cityworksNumber(q.QuestionSequence),
    })),
    answers: (w.Answers ?? []).map((a) => {
      const next = cityworksNumber(a.NextQuestionId);
      return {
        questionId: a.QuestionId,
        answerId: a.AnswerId,
        answer: a.Answer,
        format: a.AnswerFormat.toUpperCase(),
        sequence: cityworksNumber(a.AnswerSequence),
        nextQuestionId: next === 0 ? null : next,
        tellCaller: a.TellCaller,
        priority: a.Priority,
      };
    }),
  };
}

export function toComment(w: z.infer<typeof wire.commentRecord>, tz: string): CommentRecord {
  return {
    commentId: w.CommentId,
    activityType: cityworksNumber(w.ActivityType),
    activitySid: cityworksNumber(w.ActivitySid),
    comments: w.Comments,
    authorSid: cityworksNumber(w.AuthorSid),
    authorName: w.AuthorName,
    dateCreated: parseCityworksDate(w.DateCreated, tz),
    lastModified: parseCityworksDate(w.LastModified, tz),
  };
}

export function toCustomerCall(w: z.infer<typeof wire.customerCall>, tz: string): CustomerCall {
  return {
    incidentNum: cityworksNumber(w.IncidentNum),
    requestId: w.RequestId,
    firstName: w.FirstName,
    lastName: w.LastName,
    email: w.Email,
    homePhone: w.HomePhone,
    workPhone: w.WorkPhone,
    cellPhone: w.CellPhone,
    address: w.CustAddress,
    city: w.CustCity,
    state: w.CustState,
    zip: w.CustZip,
    callerType: w.CallerType,
    comments: w.Comments,
    dateTimeCall: parseCityworksDate(w.DateTimeCall, tz),
    x: cityworksNumber(w.CCX),
    y: cityworksNumber(w.CCY),
  };
}

const ATTACHMENT_TYPES = ['file', 'signature', 'url'] as const;

/** Cityworks stores "owner\\file.jpg" (Windows paths); the name is the last segment. */
export function attachmentFilename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

function attachmentType(n: number | null): Attachment['attachmentType'] {
  return n === null ? 'unknown' : (ATTACHMENT_TYPES[n] ?? 'unknown');
}

export function toRequestAttachment(w: z.infer<typeof wire.requestAttachment>, tz: string): Attachment {
  return {
    id: w.Id,
    ownerId: w.RequestId,
    path: w.Attachment,
    filename: attachmentFilename(w.Attachment),
    attachmentType: attachmentType(w.AttachmentType),
    comments: w.Comments,
    description: w.Description,
    title: w.Title,
    dateAttached: parseCityworksDate(w.DateTimeAttached, tz),
    attachedBy: w.AttachedBy,
    attachedBySid: cityworksNumber(w.AttachedBySid),
  };
}

export function toWorkOrderAttachment(w: z.infer<typeof wire.workOrderAttachment>, tz: string): Attachment {
  return {
    id: w.Id,
    ownerId: cityworksNumber(w.WorkOrderSid),
    workOrderId: w.WorkOrderId,
    path: w.Attachment,
    filename: attachmentFilename(w.Attachment),
    attachmentType: attachmentType(w.AttachmentType),
    comments: w.Comments,
    description: w.Description,
    title: w.Title,
    dateAttached: parseCityworksDate(w.DateTimeAttached, tz),
    attachedBy: w.AttachedBy,
    attachedBySid: cityworksNumber(w.AttachedBySid),
  };
}

export function toTemplate(w: z.infer<typeof wire.woTemplateName>): WorkOrderTemplate {
  return {
    templateId: w.WOTemplateId,
    description: w.Description,
    applyToEntity: w.ApplyToEntity,
    category: w.WOCategory,
    domainId: cityworksNumber(w.DomainId),
  };
}

export function toUser(w: z.infer<typeof wire.cwUser>): CityworksUser {
  return {
    employeeSid: cityworksNumber(w.EmployeeSid),
    loginName: w.LoginName,
    firstName: w.FirstName,
    lastName: w.LastName,
    fullName: w.FullName,
    email: w.Email,
    domainId: cityworksNumber(w.DomainId),
  };
}

/**
 * One field of a raw record, as a sync rule should compare it: Cityworks' null sentinels
 * (-9999, 0001-01-01) become null, field names match case-insensitively.
 */
export function remoteFieldValue(raw: Record<string, unknown>, field: string): string | number | boolean | null {
  const key = Object.keys(raw).find((k) => k.toLowerCase() === field.toLowerCase());
  const value = key === undefined ? undefined : raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return cityworksNumber(value);
  if (typeof value === 'string') return value.startsWith('0001-01-01') ? null : value;
  if (typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
