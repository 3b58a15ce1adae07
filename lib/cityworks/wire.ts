import { z } from 'zod';

/**
 * zod schemas for the response payloads, as Cityworks spells them. Identity fields are required;
 * everything else is lenient (nullish, number-or-string) because servers differ by version and
 * site configuration, and a missing optional field must not fail a sync.
 */

/** Text that some versions send as a number (Priority "2" vs 2). */
export const text = z
  .union([z.string(), z.number(), z.boolean()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));

/** Numbers that arrive as numeric strings from lenient servers. */
export const num = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : null;
  });

export const bool = z
  .union([z.boolean(), z.string(), z.number()])
  .nullish()
  .transform((v) => v === true || v === 1 || (typeof v === 'string' && /^(true|1|y|yes)$/i.test(v)));

export const id = z.union([z.number(), z.string().regex(/^\d+$/)]).transform((v) => Number(v));

export const requestBase = z.looseObject({
  RequestId: id,
  DomainId: num,
  ProblemSid: num,
  ProblemCode: text,
  Description: text,
  Details: text,
  ReqCategory: text,
  Priority: text,
  Status: text,
  SRX: num,
  SRY: num,
  ProbAddress: text,
  ProbAptNum: text,
  ProbCity: text,
  ProbState: text,
  ProbZip: text,
  ProbLandmark: text,
  ProbDistrict: text,
  ProbLocation: text,
  InitiatedBy: text,
  InitiatedByApp: text,
  DateTimeInit: text,
  SubmitTo: text,
  SubmitToSid: num,
  DispatchTo: text,
  ClosedBy: text,
  DateTimeClosed: text,
  WorkOrderId: text,
  Cancel: bool,
  CancelledBy: text,
  CancelReason: text,
  DateCancelled: text,
  IsClosed: bool,
  OtherSystemId: text,
});
export type WireRequest = z.infer<typeof requestBase>;

export const workOrderBase = z.looseObject({
  WorkOrderId: z.union([z.string().min(1), z.number()]).transform(String),
  WorkOrderSid: num,
  WOTemplateId: text,
  Description: text,
  Status: text,
  Priority: text,
  WOAddress: text,
  WOXCoordinate: num,
  WOYCoordinate: num,
  InitiatedBy: text,
  InitiateDate: text,
  DateWOClosed: text,
  WOClosedBy: text,
  Cancel: bool,
  CancelReason: text,
  DateCancelled: text,
  IsClosed: bool,
  SubmitTo: text,
  Supervisor: text,
  InitiatedByApp: text,
});
export type WireWorkOrder = z.infer<typeof workOrderBase>;

export const codeDesc = z.looseObject({
  Code: text,
  Description: text,
  CodeType: text,
  IsActive: z.boolean().nullish(),
});

export const problemName = z.looseObject({
  ProblemSid: id,
  DomainId: num,
  ProblemCode: text,
  Description: text,
  OtherSysCode: text,
});

export const problemQa = z.looseObject({
  ProblemSid: id,
  BranchingModel: bool,
  Questions: z
    .array(
      z.looseObject({
        QuestionId: id,
        ProblemSid: num,
        Question: text,
        QuestionSequence: num,
      }),
    )
    .nullish(),
  Answers: z
    .array(
      z.looseObject({
        QuestionId: id,
        AnswerId: id,
        Answer: text,
        AnswerFormat: text,
        AnswerSequence: num,
        NextQuestionId: num,
        TellCaller: text,
        Priority: text,
      }),
    )
    .nullish(),
});

export const commentRecord = z.looseObject({
  CommentId: id,
  ActivityType: num,
  ActivitySid: num,
  Comments: text,
  AuthorSid: num,
  AuthorName: text,
  DateCreated: text,
  LastModified: text,
});

export const customerCall = z.looseObject({
  IncidentNum: num,
  RequestId: id,
  FirstName: text,
  LastName: text,
  Email: text,
  HomePhone: text,
  WorkPhone: text,
  CellPhone: text,
  CustAddress: text,
  CustCity: text,
  CustState: text,
  CustZip: text,
  CallerType: text,
  Comments: text,
  DateTimeCall: text,
  CCX: num,
  CCY: num,
});

export const requestAttachment = z.looseObject({
  Id: id,
  RequestId: id,
  Attachment: text,
  AttachmentType: num,
  Comments: text,
  Description: text,
  Title: text,
  DateTimeAttached: text,
  AttachedBySid: num,
  AttachedBy: text,
});

export const workOrderAttachment = z.looseObject({
  Id: id,
  WorkOrderSid: num,
  WorkOrderId: text,
  Attachment: text,
  AttachmentType: num,
  Comments: text,
  Description: text,
  Title: text,
  DateTimeAttached: text,
  AttachedBySid: num,
  AttachedBy: text,
});

export const woTemplateName = z.looseObject({
  WOTemplateId: z.union([z.string().min(1), z.number()]).transform(String),
  Description: text,
  ApplyToEntity: text,
  WOCategory: text,
  DomainId: num,
});

export const cwUser = z.looseObject({
  EmployeeSid: num,
  LoginName: text,
  FirstName: text,
  LastName: text,
  FullName: text,
  Email: text,
  DomainId: num,
});

export const preferences = z.looseObject({ SpatialReference: num });
