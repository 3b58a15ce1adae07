import { randomBytes } from 'node:crypto';
import { project } from './projection';
import { blankCustomerCall, blankRequest, blankWorkOrder, employeeName } from './records';
import type { AnswerFormat, AnswerRecord, CodeDesc, EmulatorState, ProblemRecord, QuestionRecord, UserRecord, WoTemplateRecord } from './types';
import { formatLocal } from './wire-dates';

/** The API user a 311 integration is configured with. */
export const SEED_API_USER = { login: 'api311', password: 'Springfield!311', sid: 5 } as const;
/** A Windows (AD) service account, logged in as `SPRINGFIELD/cwsoa` or `SPRINGFIELD\cwsoa`. */
export const SEED_AD_USER = { login: 'SPRINGFIELD/cwsoa', password: 'Cw$oa2024', sid: 12 } as const;
export const SEED_VIEWER = { login: 'viewer', password: 'viewer', sid: 21 } as const;
export const SEED_INACTIVE = { login: 'jdoe', password: 'Spring2019!', sid: 30 } as const;
/** Acts for "the city" in the staff API. */
export const STAFF_SID = 17;

const users: UserRecord[] = [
  { EmployeeSid: 5, LoginName: 'api311', Domain: '', Password: 'Springfield!311', FirstName: '311', LastName: 'API', Email: 'api311@springfield.example.gov', IsActive: true, CanCreate: true },
  { EmployeeSid: 12, LoginName: 'cwsoa', Domain: 'SPRINGFIELD', Password: 'Cw$oa2024', FirstName: 'Cityworks', LastName: 'SOA', Email: 'cwsoa@springfield.example.gov', IsActive: true, CanCreate: true },
  { EmployeeSid: 17, LoginName: 'jsmith', Domain: '', Password: 'Potholes4Ever', FirstName: 'Jo', LastName: 'Smith', Email: 'jsmith@springfield.example.gov', IsActive: true, CanCreate: true },
  { EmployeeSid: 18, LoginName: 'anguyen', Domain: '', Password: 'Trash-Day-2', FirstName: 'Ana', LastName: 'Nguyen', Email: 'anguyen@springfield.example.gov', IsActive: true, CanCreate: true },
  { EmployeeSid: 19, LoginName: 'bokafor', Domain: '', Password: 'Oak&Elm19', FirstName: 'Ben', LastName: 'Okafor', Email: 'bokafor@springfield.example.gov', IsActive: true, CanCreate: true },
  { EmployeeSid: 20, LoginName: 'mgarcia', Domain: '', Password: 'Hydrant#20', FirstName: 'Maria', LastName: 'Garcia', Email: 'mgarcia@springfield.example.gov', IsActive: true, CanCreate: true },
  { EmployeeSid: 21, LoginName: 'viewer', Domain: '', Password: 'viewer', FirstName: 'Only', LastName: 'Read', Email: 'viewer@springfield.example.gov', IsActive: true, CanCreate: false },
  { EmployeeSid: 30, LoginName: 'jdoe', Domain: '', Password: 'Spring2019!', FirstName: 'John', LastName: 'Doe', Email: 'jdoe@springfield.example.gov', IsActive: false, CanCreate: true },
];

function problem(sid: number, code: string, description: string, category: string, priority: string, submitTo: number, pub: boolean, branching = false): ProblemRecord {
  return {
    ProblemSid: sid, DomainId: 1, ProblemCode: code, Description: description, ProbCategory: category, Priority: priority,
    SubmitTo: submitTo, DispatchTo: 0, ForPublicSite: pub, Cancel: false, AutoClose: false, BranchingModel: branching,
    OtherSysCode: '', OtherSysDesc1: '', OtherSysDesc2: '', DateModified: '2024-01-15T08:30:00',
  };
}

const problems: ProblemRecord[] = [
  problem(101, 'POTHOLE', 'Pothole', 'STREETS', '2', 17, true),
  problem(102, 'GRAFFITI', 'Graffiti', 'CODE ENFORCEMENT', '3', 17, true),
  problem(103, 'STLTOUT', 'Streetlight Out', 'STREETS', '3', 17, true),
  problem(104, 'TRASHMISS', 'Missed Trash Pickup', 'SANITATION', '2', 18, true, true),
  problem(105, 'SWDAMAGE', 'Sidewalk Damage', 'STREETS', '3', 17, true),
  problem(106, 'DUMPING', 'Illegal Dumping', 'SANITATION', '2', 18, true),
  problem(107, 'TREEDOWN', 'Tree Down', 'FORESTRY', '1', 19, true),
  problem(108, 'WATERLEAK', 'Water Leak', 'WATER', '1', 20, true),
  problem(109, 'HYDFLUSH', 'Hydrant Flushing', 'WATER', '3', 20, false),
  problem(110, 'FACINSP', 'Facility Inspection Follow-up', 'FACILITIES', '3', 17, false),
];

const questions: QuestionRecord[] = [];
const answers: AnswerRecord[] = [];

interface AnswerSpec { id: number; format: AnswerFormat; text?: string; next?: number; priority?: string; submitTo?: number; tell?: string }
function ask(problemSid: number, questionId: number, seq: number, text: string, specs: AnswerSpec[]): void {
  questions.push({ QuestionId: questionId, ProblemSid: problemSid, Question: text, QuestionSequence: seq });
  specs.forEach((a, i) =>
    answers.push({
      QuestionId: questionId, NextQuestionId: a.next ?? 0, Priority: a.priority ?? '', AnswerSequence: i + 1,
      Answer: a.text ?? (a.format === 'YES' ? 'Yes' : a.format === 'NO' ? 'No' : ''), AnswerId: a.id, TellCaller: a.tell ?? '',
      AnswerFormat: a.format, SubmitTo: a.submitTo ?? 0, DispatchTo: 0, SubmitToLayerName: '', SubmitToFieldName: '', DispatchToFieldName: '',
    }),
  );
}

ask(101, 1001, 1, 'How large is the pothole?', [
  { id: 5001, format: 'THISTEXT', text: 'Smaller than a dinner plate' },
  { id: 5002, format: 'THISTEXT', text: 'Larger than a dinner plate', priority: '1' },
]);
ask(101, 1002, 2, 'Is the pothole in a traffic lane?', [{ id: 5003, format: 'YES' }, { id: 5004, format: 'NO' }]);
ask(101, 1003, 3, 'Anything else the crew should know?', [{ id: 5005, format: 'FREETEXT' }]);
ask(101, 1004, 4, 'Phone number for follow-up', [{ id: 5006, format: 'FREETEXT' }]);
ask(102, 1011, 1, 'Is the graffiti offensive?', [{ id: 5011, format: 'YES', priority: '1' }, { id: 5012, format: 'NO' }]);
ask(102, 1012, 2, 'When did you first notice it?', [{ id: 5013, format: 'DATE' }]);
ask(102, 1013, 3, 'Your email address', [{ id: 5014, format: 'FREETEXT' }]);
ask(103, 1021, 1, 'Pole number (if visible)', [{ id: 5021, format: 'FREETEXT' }]);
ask(103, 1022, 2, 'Is the light flickering or completely out?', [
  { id: 5022, format: 'THISTEXT', text: 'Flickering' },
  { id: 5023, format: 'THISTEXT', text: 'Completely out' },
]);
// Branching: a cart that was not out in time skips to the contact question and ends there.
ask(104, 1031, 1, 'Was your cart at the curb by 6 AM?', [
  { id: 5031, format: 'YES', next: 1032 },
  { id: 5032, format: 'NO', next: 1034, tell: 'Carts must be at the curb by 6 AM on collection day.' },
]);
ask(104, 1032, 2, 'Which cart was missed?', [
  { id: 5033, format: 'THISTEXT', text: 'Trash', next: 1033 },
  { id: 5034, format: 'THISTEXT', text: 'Recycling', next: 1033 },
  { id: 5035, format: 'THISTEXT', text: 'Yard waste', next: 1033, submitTo: 18 },
]);
ask(104, 1033, 3, 'Date of the scheduled pickup', [{ id: 5036, format: 'DATE' }]);
ask(104, 1034, 4, 'Contact e-mail for the collection crew', [{ id: 5037, format: 'FREETEXT' }]);
ask(105, 1041, 1, 'Has anyone been injured?', [{ id: 5041, format: 'YES', priority: '1' }, { id: 5042, format: 'NO' }]);
ask(106, 1051, 1, 'What was dumped?', [{ id: 5051, format: 'FREETEXT' }]);
ask(106, 1052, 2, 'Is it blocking the road?', [{ id: 5052, format: 'YES' }, { id: 5053, format: 'NO' }]);
ask(107, 1061, 1, 'Is the tree blocking the street?', [{ id: 5061, format: 'YES' }, { id: 5062, format: 'NO' }]);
ask(107, 1062, 2, 'Are power lines involved?', [
  { id: 5063, format: 'YES', tell: 'Stay at least 30 feet away and call 911.', priority: '1' },
  { id: 5064, format: 'NO' },
]);
ask(108, 1071, 1, 'Where is the water coming from?', [
  { id: 5071, format: 'THISTEXT', text: 'Street' },
  { id: 5072, format: 'THISTEXT', text: 'Sidewalk' },
  { id: 5073, format: 'THISTEXT', text: 'Hydrant' },
  { id: 5074, format: 'THISTEXT', text: 'Meter box' },
]);
ask(108, 1072, 2, 'Best phone number to reach you', [{ id: 5075, format: 'FREETEXT' }]);
ask(109, 1081, 1, 'Hydrant number', [{ id: 5081, format: 'FREETEXT' }]);

function code(Code: string, Description: string, CodeType: string): CodeDesc {
  return { Code, Description, CodeType, IsActive: true };
}

const requestStatuses: CodeDesc[] = [
  code('OPEN', 'Open', 'REQUESTSTATUS'), code('INPROG', 'In Progress', 'REQUESTSTATUS'), code('DISPATCHED', 'Dispatched', 'REQUESTSTATUS'),
  code('HOLD', 'On Hold', 'REQUESTSTATUS'), code('CLOSED', 'Closed', 'REQUESTSTATUS'), code('CANCEL', 'Canceled', 'REQUESTSTATUS'),
];
const workOrderStatuses: CodeDesc[] = [
  code('OPEN', 'Open', 'WOSTATUS'), code('INPROG', 'In Progress', 'WOSTATUS'), code('COMPLETE', 'Work Complete', 'WOSTATUS'),
  code('CLOSED', 'Closed', 'WOSTATUS'), code('CANCEL', 'Canceled', 'WOSTATUS'),
];

const woTemplates: WoTemplateRecord[] = [
  { WOTemplateId: '301', Description: 'Pothole Repair', ApplyToEntity: 'STREET', WOCategory: 'STREETS', DomainId: 1, IsTemplateClass: false, Priority: '2' },
  { WOTemplateId: '302', Description: 'Sidewalk Repair', ApplyToEntity: 'STREET', WOCategory: 'STREETS', DomainId: 1, IsTemplateClass: false, Priority: '3' },
  { WOTemplateId: '410', Description: 'Tree Removal', ApplyToEntity: 'TREE', WOCategory: 'FORESTRY', DomainId: 1, IsTemplateClass: false, Priority: '1' },
  { WOTemplateId: '661', Description: 'Main Line Repair', ApplyToEntity: 'WMAIN', WOCategory: 'WATER', DomainId: 1, IsTemplateClass: false, Priority: '1' },
  { WOTemplateId: '670', Description: 'Hydrant Flushing', ApplyToEntity: 'HYDRANT', WOCategory: 'WATER', DomainId: 1, IsTemplateClass: false, Priority: '3' },
];

export function createSeedState(siteWkid: number): EmulatorState {
  const state: EmulatorState = {
    tokenSecret: randomBytes(24).toString('base64'),
    tokensNotBefore: 0,
    seq: { request: 10004, workOrder: 250002, comment: 903, attachment: 71, incident: 40003, callQuestion: 800 },
    users: structuredClone(users),
    problems: structuredClone(problems),
    questions: structuredClone(questions),
    answers: structuredClone(answers),
    requestStatuses: structuredClone(requestStatuses),
    workOrderStatuses: structuredClone(workOrderStatuses),
    woTemplates: structuredClone(woTemplates),
    requests: [],
    customerCalls: [],
    callerQuestions: [],
    workOrders: [],
    comments: [],
    attachments: [],
  };
  const staff = state.users.find((u) => u.EmployeeSid === STAFF_SID);
  const daysAgo = (n: number, hour: number): string => {
    const d = new Date();
    d.setDate(d.getDate() - n);
    d.setHours(hour, 15, 0, 0);
    return formatLocal(d);
  };
  const seedRequest = (id: number, problemSid: number, address: string, lon: number, lat: number, init: string) => {
    const p = state.problems.find((x) => x.ProblemSid === problemSid);
    const xy = project(lon, lat, 4326, siteWkid);
    const r = blankRequest(id);
    Object.assign(r, {
      ProblemSid: problemSid, ProblemCode: p?.ProblemCode ?? '', Description: p?.Description ?? '', ReqCategory: p?.ProbCategory ?? '',
      Priority: p?.Priority ?? '', ProbAddress: address, ProbCity: 'SPRINGFIELD', ProbState: 'IL', ProbZip: '62701', SRX: xy.x, SRY: xy.y,
      InitiatedBy: employeeName(staff), InitiatedBySid: STAFF_SID, InitiatedByApp: 'CWWEB', DateTimeInit: init, DateModified: init,
      SubmitTo: employeeName(staff), SubmitToSid: STAFF_SID, DateSubmitTo: init, Status: 'OPEN',
    });
    state.requests.push(r);
    return r;
  };
  seedRequest(10001, 101, '300 S 2ND ST', -89.6512, 39.7990, daysAgo(3, 9)).Details = 'Deep pothole by the crosswalk';
  const closed = seedRequest(10002, 103, '500 E CAPITOL AVE', -89.6468, 39.8003, daysAgo(10, 14));
  Object.assign(closed, { Status: 'CLOSED', IsClosed: true, ClosedBy: employeeName(staff), ClosedBySid: STAFF_SID, DateTimeClosed: daysAgo(8, 11) });
  const inprog = seedRequest(10003, 102, '210 N 6TH ST', -89.6441, 39.8027, daysAgo(1, 16));
  inprog.Status = 'INPROG';
  const call = blankCustomerCall(40001, 10001);
  Object.assign(call, { FirstName: 'Pat', LastName: 'Lee', Email: 'pat.lee@example.com', HomePhone: '217-555-0134', ProbDetails: 'Deep pothole by the crosswalk', DateTimeCall: daysAgo(3, 9) });
  state.customerCalls.push(call);
  const wo = blankWorkOrder(250001);
  const woXy = project(-89.6512, 39.799, 4326, siteWkid);
  Object.assign(wo, {
    WOTemplateId: '301', Description: 'Pothole Repair', WOCategory: 'STREETS', ApplyToEntity: 'STREET', Status: 'OPEN', Priority: '2',
    WOAddress: '300 S 2ND ST', WOXCoordinate: woXy.x, WOYCoordinate: woXy.y, InitiatedBy: employeeName(staff), InitiatedBySid: STAFF_SID,
    InitiatedByApp: 'CWWEB', InitiateDate: daysAgo(2, 8), DateModified: daysAgo(2, 8), RequestIds: '10001',
    Supervisor: employeeName(staff), SupervisorSid: STAFF_SID,
  });
  state.workOrders.push(wo);
  const first = state.requests[0];
  if (first) first.WorkOrderId = '250001';
  state.comments.push({
    CommentId: 901, ActivityType: 1, ActivitySid: 10001, ActivityId: '10001', Comments: 'Crew scheduled for this week', AuthorSid: STAFF_SID,
    AuthorName: employeeName(staff), DateCreated: daysAgo(2, 8), LastModified: daysAgo(2, 8), LastModifiedBySid: STAFF_SID,
  });
  state.comments.push({
    CommentId: 902, ActivityType: 1, ActivitySid: 10002, ActivityId: '10002', Comments: 'To SCF: The streetlight has been repaired. Thank you!',
    AuthorSid: STAFF_SID, AuthorName: employeeName(staff), DateCreated: daysAgo(8, 11), LastModified: daysAgo(8, 11), LastModifiedBySid: STAFF_SID,
  });
  return state;
}
