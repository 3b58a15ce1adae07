/** Domain shapes the rest of the app sees: camelCase, real dates, null for Cityworks' sentinels. */

export interface RemoteServiceRequest {
  requestId: number;
  domainId: number | null;
  problemSid: number | null;
  problemCode: string;
  description: string;
  details: string;
  category: string;
  priority: string;
  status: string;
  isClosed: boolean;
  cancelled: boolean;
  /** In the site spatial reference. */
  x: number | null;
  y: number | null;
  address: string;
  aptNum: string;
  city: string;
  state: string;
  zip: string;
  landmark: string;
  district: string;
  location: string;
  initiatedBy: string;
  initiatedByApp: string;
  otherSystemId: string;
  submitTo: string;
  submitToSid: number | null;
  dispatchTo: string;
  closedBy: string;
  cancelledBy: string;
  cancelReason: string;
  workOrderId: string;
  dateTimeInit: Date | null;
  dateTimeClosed: Date | null;
  dateCancelled: Date | null;
  /** The record as sent, for field mappings and observed fields (Text1..20, Num1..5, ...). */
  raw: Record<string, unknown>;
}

export interface RemoteWorkOrder {
  workOrderId: string;
  workOrderSid: number | null;
  templateId: string;
  description: string;
  status: string;
  priority: string;
  isClosed: boolean;
  cancelled: boolean;
  cancelReason: string;
  x: number | null;
  y: number | null;
  address: string;
  initiatedBy: string;
  initiatedByApp: string;
  submitTo: string;
  supervisor: string;
  closedBy: string;
  initiateDate: Date | null;
  dateClosed: Date | null;
  dateCancelled: Date | null;
  raw: Record<string, unknown>;
}

export interface CodeDescription {
  code: string;
  description: string;
  codeType: string;
  isActive: boolean | null;
}

export interface Problem {
  problemSid: number;
  domainId: number | null;
  problemCode: string;
  description: string;
  otherSysCode: string;
}

export interface ProblemQuestion {
  questionId: number;
  question: string;
  sequence: number | null;
}

export interface ProblemAnswer {
  questionId: number;
  answerId: number;
  answer: string;
  /** FREETEXT, THISTEXT, YES, NO, DATE, ... as Cityworks names it. */
  format: string;
  sequence: number | null;
  /** null when the answer does not branch (0 or -9999 on the wire). */
  nextQuestionId: number | null;
  tellCaller: string;
  priority: string;
}

export interface ProblemQa {
  problemSid: number;
  branching: boolean;
  questions: ProblemQuestion[];
  answers: ProblemAnswer[];
}

export type ActivityType = 'request' | 'work-order' | 'inspection';

export interface CommentRecord {
  commentId: number;
  activityType: number | null;
  activitySid: number | null;
  comments: string;
  authorSid: number | null;
  authorName: string;
  dateCreated: Date | null;
  lastModified: Date | null;
}

export interface CustomerCall {
  incidentNum: number | null;
  requestId: number;
  firstName: string;
  lastName: string;
  email: string;
  homePhone: string;
  workPhone: string;
  cellPhone: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  callerType: string;
  comments: string;
  dateTimeCall: Date | null;
  x: number | null;
  y: number | null;
}

export interface Attachment {
  id: number;
  /** RequestId or WorkOrderSid, depending on the owner. */
  ownerId: number | null;
  workOrderId?: string;
  /** The stored path as Cityworks returns it, e.g. "1234\\photo.jpg". */
  path: string;
  /** The file name part of `path`. */
  filename: string;
  attachmentType: 'file' | 'signature' | 'url' | 'unknown';
  comments: string;
  description: string;
  title: string;
  dateAttached: Date | null;
  attachedBy: string;
  attachedBySid: number | null;
}

export interface WorkOrderTemplate {
  templateId: string;
  description: string;
  applyToEntity: string;
  category: string;
  domainId: number | null;
}

export interface CityworksUser {
  employeeSid: number | null;
  loginName: string;
  firstName: string;
  lastName: string;
  fullName: string;
  email: string;
  domainId: number | null;
}
