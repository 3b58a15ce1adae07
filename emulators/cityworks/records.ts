import type { CustomerCallRecord, RequestRecord, UserRecord, WireValue, WorkOrderRecord } from './types';
import { NULL_DATE, NULL_NUMBER } from './wire-dates';

/** Employee display names are "Last, First" throughout Cityworks. */
export function employeeName(u: Pick<UserRecord, 'FirstName' | 'LastName'> | undefined): string {
  if (!u) return '';
  return [u.LastName, u.FirstName].filter((s) => s !== '').join(', ');
}

function numbered(prefix: string, count: number, value: WireValue): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  for (let i = 1; i <= count; i++) out[`${prefix}${i}`] = value;
  return out;
}

export function blankRequest(requestId: number): RequestRecord {
  return {
    RequestId: requestId,
    DomainId: 1,
    ProblemCode: '',
    Details: '',
    ReqCategory: '',
    Description: '',
    Priority: '',
    SRX: NULL_NUMBER,
    SRY: NULL_NUMBER,
    ProblemSid: NULL_NUMBER,
    ProbAddress: '',
    ProbAptNum: '',
    ProbCity: '',
    ProbState: '',
    ProbZip: '',
    ProbLandmark: '',
    ProbDistrict: '',
    ProbLocation: '',
    StreetName: '',
    InitiatedBy: '',
    InitiatedBySid: NULL_NUMBER,
    DateTimeInit: NULL_DATE,
    SubmitTo: '',
    SubmitToSid: NULL_NUMBER,
    DateSubmitTo: NULL_DATE,
    DispatchTo: '',
    DispatchToSid: NULL_NUMBER,
    DateDispatchTo: NULL_DATE,
    ClosedBy: '',
    ClosedBySid: NULL_NUMBER,
    DateTimeClosed: NULL_DATE,
    WorkOrderId: '',
    Status: '',
    Cancel: false,
    CancelledBy: '',
    CancelledBySid: NULL_NUMBER,
    DateCancelled: NULL_DATE,
    CancelReason: '',
    IsClosed: false,
    InitiatedByApp: '',
    OtherSystemId: '',
    Effort: NULL_NUMBER,
    WONeeded: false,
    Emergency: false,
    Shop: '',
    MapPage: '',
    TileNo: '',
    ProjectSid: NULL_NUMBER,
    DateModified: NULL_DATE,
    ...numbered('Text', 20, ''),
    ...numbered('Num', 5, NULL_NUMBER),
    ...numbered('Date', 5, NULL_DATE),
  };
}

export function blankWorkOrder(sid: number): WorkOrderRecord {
  return {
    WorkOrderId: String(sid),
    WorkOrderSid: sid,
    WOTemplateId: '',
    Description: '',
    WOCategory: '',
    ApplyToEntity: '',
    Status: '',
    Priority: '',
    WOAddress: '',
    WOXCoordinate: NULL_NUMBER,
    WOYCoordinate: NULL_NUMBER,
    Location: '',
    Instructions: '',
    InitiatedBy: '',
    InitiatedBySid: NULL_NUMBER,
    InitiatedByApp: '',
    InitiateDate: NULL_DATE,
    SubmitTo: '',
    SubmitToSid: NULL_NUMBER,
    Supervisor: '',
    SupervisorSid: NULL_NUMBER,
    ProjectedStartDate: NULL_DATE,
    DateWOClosed: NULL_DATE,
    WOClosedBy: '',
    WOClosedBySid: NULL_NUMBER,
    Cancel: false,
    CancelReason: '',
    CancelledBy: '',
    CancelledBySid: NULL_NUMBER,
    DateCancelled: NULL_DATE,
    IsClosed: false,
    RequestIds: '',
    DomainId: 1,
    DateModified: NULL_DATE,
    ...numbered('Text', 20, ''),
    ...numbered('Num', 5, NULL_NUMBER),
    ...numbered('Date', 5, NULL_DATE),
  };
}

export function blankCustomerCall(incidentNum: number, requestId: number): CustomerCallRecord {
  return {
    IncidentNum: incidentNum,
    RequestId: requestId,
    FirstName: '',
    MiddleInitial: '',
    LastName: '',
    Title: '',
    Email: '',
    HomePhone: '',
    WorkPhone: '',
    CellPhone: '',
    OtherPhone: '',
    Fax: '',
    CustAddress: '',
    CustAptNum: '',
    CustCity: '',
    CustState: '',
    CustZip: '',
    CustDistrict: '',
    CallerType: '',
    Comments: '',
    ProbDetails: '',
    CallBack: false,
    DateTimeCall: NULL_DATE,
    DateTimeCallback: NULL_DATE,
    CCX: NULL_NUMBER,
    CCY: NULL_NUMBER,
    TakenBy: '',
    TakenBySid: NULL_NUMBER,
  };
}

/** Create/Update input names and the RequestBase fields they land in. */
export const REQUEST_TEXT_INPUTS: Record<string, string> = {
  Address: 'ProbAddress', AptNum: 'ProbAptNum', City: 'ProbCity', State: 'ProbState', Zip: 'ProbZip',
  Landmark: 'ProbLandmark', District: 'ProbDistrict', Location: 'ProbLocation', StreetName: 'StreetName',
  Details: 'Details', Priority: 'Priority', InitiatedByApp: 'InitiatedByApp', OtherSystemId: 'OtherSystemId',
  Shop: 'Shop', MapPage: 'MapPage', TileNo: 'TileNo', CancelReason: 'CancelReason',
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`Text${i + 1}`, `Text${i + 1}`])),
};
export const REQUEST_NUMBER_INPUTS = ['Num1', 'Num2', 'Num3', 'Num4', 'Num5', 'Effort', 'ProjectSid'];
export const REQUEST_DATE_INPUTS = ['Date1', 'Date2', 'Date3', 'Date4', 'Date5'];
export const REQUEST_BOOL_INPUTS = ['WONeeded', 'Emergency'];

/** Create's Caller* inputs and the CustomerCallBase fields they land in. */
export const CALLER_TEXT_INPUTS: Record<string, string> = {
  CallerFirstName: 'FirstName', CallerMiddleInitial: 'MiddleInitial', CallerLastName: 'LastName', CallerTitle: 'Title',
  CallerEmail: 'Email', CallerHomePhone: 'HomePhone', CallerWorkPhone: 'WorkPhone', CallerCellPhone: 'CellPhone',
  CallerOtherPhone: 'OtherPhone', CallerFax: 'Fax', CallerAddress: 'CustAddress', CallerAptNum: 'CustAptNum',
  CallerCity: 'CustCity', CallerState: 'CustState', CallerZip: 'CustZip', CallerDistrict: 'CustDistrict',
  CallerType: 'CallerType', CallerComments: 'Comments',
};

export const WORK_ORDER_TEXT_INPUTS: Record<string, string> = {
  Address: 'WOAddress', Location: 'Location', Instructions: 'Instructions', Priority: 'Priority', InitiatedByApp: 'InitiatedByApp',
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`Text${i + 1}`, `Text${i + 1}`])),
};
