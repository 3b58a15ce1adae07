import { formatCityworksDate } from './dates';
import type { ActivityType } from './domain';

/** Domain → wire for request payloads. Only fields that are set are sent. */

export type WireScalar = string | number | boolean | null;

export interface ServiceRequestFields {
  details?: string;
  comments?: string;
  /** In `wkid` if given, else in the site spatial reference. */
  x?: number;
  y?: number;
  z?: number;
  wkid?: number;
  address?: string;
  streetName?: string;
  aptNum?: string;
  city?: string;
  state?: string;
  zip?: string;
  landmark?: string;
  district?: string;
  location?: string;
  geocodeAddress?: boolean;
  priority?: string;
  status?: string;
  dateTimeInit?: Date;
  initiatedByApp?: string;
  submitToSid?: number;
  dispatchToSid?: number;
  /** Our own id, written into the SR so a retried create can find it instead of duplicating. */
  otherSystemId?: string;
  callerFirstName?: string;
  callerLastName?: string;
  callerEmail?: string;
  callerAddress?: string;
  callerCity?: string;
  callerState?: string;
  callerZip?: string;
  callerHomePhone?: string;
  callerWorkPhone?: string;
  callerCellPhone?: string;
  callerType?: string;
  callerComments?: string;
  answers?: { answerId: number; answerValue?: string }[];
  customFieldValues?: Record<string, string>;
  /** Raw Cityworks fields from field mappings (Text1..20, Num1..5, Date1..5 ...), sent as named. */
  fields?: Record<string, WireScalar>;
}

export interface CreateServiceRequestInput extends ServiceRequestFields {
  problemSid: number;
}

export interface UpdateServiceRequestInput extends ServiceRequestFields {
  requestId: number;
}

const SR_FIELD_NAMES: Record<Exclude<keyof ServiceRequestFields, 'answers' | 'customFieldValues' | 'fields' | 'dateTimeInit'>, string> = {
  details: 'Details',
  comments: 'Comments',
  x: 'X',
  y: 'Y',
  z: 'Z',
  wkid: 'WKID',
  address: 'Address',
  streetName: 'StreetName',
  aptNum: 'AptNum',
  city: 'City',
  state: 'State',
  zip: 'Zip',
  landmark: 'Landmark',
  district: 'District',
  location: 'Location',
  geocodeAddress: 'GeocodeAddress',
  priority: 'Priority',
  status: 'Status',
  initiatedByApp: 'InitiatedByApp',
  submitToSid: 'SubmitToSid',
  dispatchToSid: 'DispatchToSid',
  otherSystemId: 'OtherSystemId',
  callerFirstName: 'CallerFirstName',
  callerLastName: 'CallerLastName',
  callerEmail: 'CallerEmail',
  callerAddress: 'CallerAddress',
  callerCity: 'CallerCity',
  callerState: 'CallerState',
  callerZip: 'CallerZip',
  callerHomePhone: 'CallerHomePhone',
  callerWorkPhone: 'CallerWorkPhone',
  callerCellPhone: 'CallerCellPhone',
  callerType: 'CallerType',
  callerComments: 'CallerComments',
};

function serviceRequestFields(input: ServiceRequestFields, tz: string): Record<string, unknown> {
  // Mapped custom fields go first so that a typed field of the same name wins.
  const out: Record<string, unknown> = { ...(input.fields ?? {}) };
  for (const [key, wireName] of Object.entries(SR_FIELD_NAMES)) {
    const value = input[key as keyof typeof SR_FIELD_NAMES];
    if (value !== undefined) out[wireName] = value;
  }
  if (input.dateTimeInit) out.DateTimeInit = formatCityworksDate(input.dateTimeInit, tz);
  if (input.answers) {
    out.Answers = input.answers.map((a) => ({
      AnswerId: a.answerId,
      ...(a.answerValue !== undefined ? { AnswerValue: a.answerValue } : {}),
    }));
  }
  if (input.customFieldValues) out.CustomFieldValues = input.customFieldValues;
  return out;
}

export function createServiceRequestData(input: CreateServiceRequestInput, tz: string): Record<string, unknown> {
  return { ProblemSid: input.problemSid, ...serviceRequestFields(input, tz) };
}

export function updateServiceRequestData(input: UpdateServiceRequestInput, tz: string): Record<string, unknown> {
  return { RequestId: input.requestId, ...serviceRequestFields(input, tz) };
}

export interface ServiceRequestSearch {
  requestIds?: number[];
  problemSids?: number[];
  status?: string[];
  closed?: boolean;
  canceled?: boolean;
  dateTimeInitBegin?: Date;
  dateTimeInitEnd?: Date;
  initiatedByApp?: string[];
  otherSystemIds?: string[];
  maxResults?: number;
  /** Extra filters as Cityworks names them (arrays, `XBegin`/`XEnd` dates already formatted). */
  filters?: Record<string, unknown>;
}

export function serviceRequestSearchData(s: ServiceRequestSearch, tz: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(s.filters ?? {}) };
  if (s.requestIds) out.RequestIds = s.requestIds;
  if (s.problemSids) out.ProblemSid = s.problemSids;
  if (s.status) out.Status = s.status;
  if (s.closed !== undefined) out.Closed = s.closed;
  if (s.canceled !== undefined) out.Canceled = s.canceled;
  if (s.dateTimeInitBegin) out.DateTimeInitBegin = formatCityworksDate(s.dateTimeInitBegin, tz);
  if (s.dateTimeInitEnd) out.DateTimeInitEnd = formatCityworksDate(s.dateTimeInitEnd, tz);
  if (s.initiatedByApp) out.InitiatedByApp = s.initiatedByApp;
  if (s.otherSystemIds) out.OtherSystemId = s.otherSystemIds;
  if (s.maxResults !== undefined) out.MaxResults = s.maxResults;
  return out;
}

export interface CreateWorkOrderInput {
  templateId: string;
  entityType: string;
  x?: number;
  y?: number;
  wkid?: number;
  address?: string;
  streetName?: string;
  city?: string;
  zip?: string;
  location?: string;
  comments?: string;
  instructions?: string;
  status?: string;
  priority?: string;
  initiateDate?: Date;
  initiatedByApp?: string;
  submitToSid?: number;
  supervisorSid?: number;
  requestIds?: number[];
  customFieldValues?: Record<string, string>;
  fields?: Record<string, WireScalar>;
}

export function createWorkOrderData(input: CreateWorkOrderInput, tz: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(input.fields ?? {}) };
  out.WOTemplateId = input.templateId;
  out.EntityType = input.entityType;
  const simple: [keyof CreateWorkOrderInput, string][] = [
    ['x', 'X'],
    ['y', 'Y'],
    ['wkid', 'WKID'],
    ['address', 'Address'],
    ['streetName', 'StreetName'],
    ['city', 'City'],
    ['zip', 'Zip'],
    ['location', 'Location'],
    ['comments', 'Comments'],
    ['instructions', 'Instructions'],
    ['status', 'Status'],
    ['priority', 'Priority'],
    ['initiatedByApp', 'InitiatedByApp'],
    ['submitToSid', 'SubmitToSid'],
    ['supervisorSid', 'SupervisorSid'],
    ['requestIds', 'RequestIds'],
    ['customFieldValues', 'CustomFieldValues'],
  ];
  for (const [key, wireName] of simple) {
    if (input[key] !== undefined) out[wireName] = input[key];
  }
  if (input.initiateDate) out.InitiateDate = formatCityworksDate(input.initiateDate, tz);
  return out;
}

export interface WorkOrderSearch {
  workOrderIds?: string[];
  templateIds?: string[];
  status?: string[];
  closed?: boolean;
  canceled?: boolean;
  initiateDateBegin?: Date;
  initiateDateEnd?: Date;
  maxResults?: number;
  filters?: Record<string, unknown>;
}

export function workOrderSearchData(s: WorkOrderSearch, tz: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(s.filters ?? {}) };
  if (s.workOrderIds) out.WorkOrderIds = s.workOrderIds;
  if (s.templateIds) out.WOTemplateId = s.templateIds;
  if (s.status) out.Status = s.status;
  if (s.closed !== undefined) out.Closed = s.closed;
  if (s.canceled !== undefined) out.Canceled = s.canceled;
  if (s.initiateDateBegin) out.InitiateDateBegin = formatCityworksDate(s.initiateDateBegin, tz);
  if (s.initiateDateEnd) out.InitiateDateEnd = formatCityworksDate(s.initiateDateEnd, tz);
  if (s.maxResults !== undefined) out.MaxResults = s.maxResults;
  return out;
}

const ACTIVITY_TYPE_CODES: Record<ActivityType, number> = { request: 1, 'work-order': 2, inspection: 8 };

export function activityTypeCode(t: ActivityType): number {
  return ACTIVITY_TYPE_CODES[t];
}
