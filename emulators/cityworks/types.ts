export type CityworksVersion = '2013' | '2014' | '2015' | '15.0' | '15.8' | '23';
export const CITYWORKS_VERSIONS: readonly CityworksVersion[] = ['2013', '2014', '2015', '15.0', '15.8', '23'];

/** Any value a Cityworks record field can hold on the wire. */
export type WireValue = string | number | boolean | null;

export interface UserRecord {
  EmployeeSid: number;
  LoginName: string;
  /** Windows domain of an AD user; such users log in as `DOMAIN/user` or `DOMAIN\user`. */
  Domain: string;
  Password: string;
  FirstName: string;
  LastName: string;
  Email: string;
  IsActive: boolean;
  CanCreate: boolean;
}

export interface CodeDesc {
  Code: string;
  Description: string;
  CodeType: string;
  IsActive: boolean;
}

export interface ProblemRecord {
  ProblemSid: number;
  DomainId: number;
  ProblemCode: string;
  Description: string;
  ProbCategory: string;
  Priority: string;
  SubmitTo: number;
  DispatchTo: number;
  ForPublicSite: boolean;
  Cancel: boolean;
  AutoClose: boolean;
  BranchingModel: boolean;
  OtherSysCode: string;
  OtherSysDesc1: string;
  OtherSysDesc2: string;
  DateModified: string;
}

export interface QuestionRecord {
  QuestionId: number;
  ProblemSid: number;
  Question: string;
  QuestionSequence: number;
}

export type AnswerFormat = 'THISTEXT' | 'DATE' | 'YES' | 'NO' | 'UNKNOWN' | 'FREETEXT' | 'CHECKED' | 'UNCHECK' | 'CODEDESC' | 'DESCSCORE' | 'CALCULATED' | 'NUMERIC';

export interface AnswerRecord {
  QuestionId: number;
  NextQuestionId: number;
  Priority: string;
  AnswerSequence: number;
  Answer: string;
  AnswerId: number;
  TellCaller: string;
  AnswerFormat: AnswerFormat;
  SubmitTo: number;
  DispatchTo: number;
  SubmitToLayerName: string;
  SubmitToFieldName: string;
  DispatchToFieldName: string;
}

export interface WoTemplateRecord {
  WOTemplateId: string;
  Description: string;
  ApplyToEntity: string;
  WOCategory: string;
  DomainId: number;
  IsTemplateClass: boolean;
  Priority: string;
}

/** RequestBase as the service returns it (field names are the wire names). */
export interface RequestRecord {
  RequestId: number;
  ProblemSid: number;
  Status: string;
  IsClosed: boolean;
  Cancel: boolean;
  DateTimeInit: string;
  OtherSystemId: string;
  SRX: number;
  SRY: number;
  [field: string]: WireValue;
}

export interface WorkOrderRecord {
  WorkOrderId: string;
  WorkOrderSid: number;
  WOTemplateId: string;
  Status: string;
  IsClosed: boolean;
  Cancel: boolean;
  InitiateDate: string;
  [field: string]: WireValue;
}

export interface CustomerCallRecord {
  IncidentNum: number;
  RequestId: number;
  [field: string]: WireValue;
}

export interface CallerQuestionRecord {
  CallQuestionId: number;
  IncidentNum: number;
  RequestId: number;
  Question: string;
  QuestionSequence: number;
  Answer: string;
  AnswerId: number;
}

export interface CommentRecord {
  CommentId: number;
  /** 1 request, 2 work order. */
  ActivityType: number;
  ActivitySid: number;
  ActivityId: string;
  Comments: string;
  AuthorSid: number;
  AuthorName: string;
  DateCreated: string;
  LastModified: string;
  LastModifiedBySid: number;
}

export interface AttachmentRecord {
  Id: number;
  kind: 'request' | 'workorder';
  RequestId: number;
  WorkOrderSid: number;
  WorkOrderId: string;
  Attachment: string;
  Filename: string;
  ContentType: string;
  Base64: string;
  Comments: string;
  Description: string;
  Title: string;
  DateTimeAttached: string;
  AttachedBySid: number;
  AttachedBy: string;
}

export interface EmulatorState {
  /** Signs tokens, so tokens stay valid across a restart with a state file. */
  tokenSecret: string;
  /** Tokens issued before this instant (ms) are refused: the `token-expired` fault moves it. */
  tokensNotBefore: number;
  seq: { request: number; workOrder: number; comment: number; attachment: number; incident: number; callQuestion: number };
  users: UserRecord[];
  problems: ProblemRecord[];
  questions: QuestionRecord[];
  answers: AnswerRecord[];
  requestStatuses: CodeDesc[];
  workOrderStatuses: CodeDesc[];
  woTemplates: WoTemplateRecord[];
  requests: RequestRecord[];
  customerCalls: CustomerCallRecord[];
  callerQuestions: CallerQuestionRecord[];
  workOrders: WorkOrderRecord[];
  comments: CommentRecord[];
  attachments: AttachmentRecord[];
}

export interface RecordedCall {
  at: string;
  method: string;
  path: string;
  /** e.g. 'ServiceRequest/Create', in the canonical case whatever case the client used. */
  service: string;
  query: Record<string, string>;
  form: Record<string, string>;
  headers: Record<string, string>;
  data: unknown;
  /** HTTP status sent; 0 while pending or when no response was sent (hang, lost-response). */
  status: number;
  /** The fault rule that hit this call, if any. */
  fault?: FaultKind;
  files?: { field: string; filename: string; size: number; contentType: string }[];
}

export const FAULT_KINDS = [
  'latency', 'http500', 'http503', 'hang', 'html-login', 'html-error', 'status1', 'status2', 'token-expired', 'truncated', 'lost-response',
  // A download's filename* percent-encodes the name in Windows-1252 but labels it UTF-8 (an old IIS
  // module does this): not valid RFC 5987.
  'bad-filename-star',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  /** Canonical service name such as 'ServiceRequest/Create', or '*' for every service call. */
  service: string;
  kind: FaultKind;
  /** How many calls it applies to; unlimited when omitted. */
  times?: number;
  latencyMs?: number;
  /**
   * Chance (0 < p <= 1) that a matching call is hit; a call the draw spares goes on to the next
   * rule. Omitted = every matching call. Lets a chaos run fault a share of the traffic whatever
   * its rate, instead of whichever calls come next.
   */
  probability?: number;
}

export interface FaultController {
  set(rule: FaultRule): void;
  clear(): void;
  list(): FaultRule[];
}
