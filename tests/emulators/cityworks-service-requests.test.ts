import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { cwCall, cwLogin } from '@/emulators/cityworks/testing';

type Rec = Record<string, unknown>;
let emu: CityworksEmulator;
let token: string;
const call = <T = Rec>(path: string, data: unknown, t = token) => cwCall<T>(emu.url, path, data, { token: t });

beforeAll(async () => {
  emu = await startCityworksEmulator();
});
beforeEach(async () => {
  emu.reset();
  token = await cwLogin(emu.url, 'api311', 'Springfield!311');
});
afterAll(() => emu.close());

const create = async (data: Rec): Promise<Rec> => {
  const env = await call('Ams/ServiceRequest/Create', data);
  if (env.Status !== 0) throw new Error(JSON.stringify(env));
  return env.Value;
};

describe('ServiceRequest', () => {
  it('Create stores request fields on RequestBase and caller fields on CustomerCall only', async () => {
    const r = await create({
      ProblemSid: 101, Address: '100 MAIN ST', City: 'SPRINGFIELD', Zip: '62701', Details: 'Big hole', OtherSystemId: 'CRM-99', InitiatedByApp: '311CRM',
      CallerFirstName: 'Pat', CallerLastName: 'Lee', CallerEmail: 'pat@example.com', CallerHomePhone: '217-555-0100', CallerAddress: '1 OAK ST',
      Text5: 'custom', Num2: 7, Comments: 'Created from the CRM',
    });
    expect(r.RequestId).toBe(10004);
    expect(r).toMatchObject({ ProbAddress: '100 MAIN ST', ProbCity: 'SPRINGFIELD', ProbZip: '62701', Details: 'Big hole', OtherSystemId: 'CRM-99', Text5: 'custom', Num2: 7, Priority: '2', ReqCategory: 'STREETS' });
    expect(Object.keys(r).some((k) => k.startsWith('Caller'))).toBe(false);
    const calls = await call<Rec[]>('Ams/CustomerCall/ByRequestIds', { RequestIds: [r.RequestId] });
    expect(calls.Value).toHaveLength(1);
    expect(calls.Value[0]).toMatchObject({ RequestId: r.RequestId, FirstName: 'Pat', LastName: 'Lee', Email: 'pat@example.com', HomePhone: '217-555-0100', CustAddress: '1 OAK ST', ProbDetails: 'Big hole' });
    expect((await call<string>('Ams/ServiceRequest/Comments', { RequestId: r.RequestId })).Value).toBe('Created from the CRM');
  });

  it('Create validates: ProblemSid missing 33, unknown 35, read-only user 5', async () => {
    const missing = await call('Ams/ServiceRequest/Create', { Details: 'x' });
    const unknown = await call('Ams/ServiceRequest/Create', { ProblemSid: 999 });
    const viewer = await cwLogin(emu.url, 'viewer', 'viewer');
    const denied = await call('Ams/ServiceRequest/Create', { ProblemSid: 101 }, viewer);
    expect([missing.Status, unknown.Status, denied.Status]).toEqual([1, 1, 1]);
    expect([missing.ErrorMessages?.[0]?.Code, unknown.ErrorMessages?.[0]?.Code, denied.ErrorMessages?.[0]?.Code]).toEqual([33, 35, 5]);
    expect((await call('Ams/ServiceRequest/ById', { RequestId: 10001 }, viewer)).Status).toBe(0);
    expect(emu.state.requests).toHaveLength(3);
    expect((await create({ ProblemSid: 101 })).RequestId).toBe(10004);
  });

  it('Create applies answers, their priority override, and reads them back', async () => {
    const r = await create({ ProblemSid: 101, Answers: [{ AnswerId: 5002, AnswerValue: 'Larger than a dinner plate' }, { AnswerId: 5005, AnswerValue: 'Near the school' }] });
    expect(r.Priority).toBe('1');
    const qa = await call<Record<string, Rec[]>>('Ams/CustomerCall/CallerQuestionsByRequestIds', { RequestIds: [r.RequestId] });
    expect(qa.Value[String(r.RequestId)]?.map((q) => [q.AnswerId, q.Answer])).toEqual([[5002, 'Larger than a dinner plate'], [5005, 'Near the school']]);
    const wrong = await call('Ams/ServiceRequest/Create', { ProblemSid: 102, Answers: [{ AnswerId: 5001 }] });
    expect(wrong.ErrorMessages?.[0]?.Code).toBe(30);
  });

  it('projects X/Y given in 4326 into the site SR, and stores X/Y without WKID as given', async () => {
    const projected = await create({ ProblemSid: 101, X: -72.9279, Y: 41.3083, WKID: 4326 });
    expect(projected.SRX as number).toBeCloseTo(-8118296.6926, 3);
    expect(projected.SRY as number).toBeCloseTo(5057922.7498, 3);
    const asIs = await create({ ProblemSid: 101, X: 35.489596, Y: -80.897143 });
    expect([asIs.SRX, asIs.SRY]).toEqual([35.489596, -80.897143]);
    const same = await create({ ProblemSid: 101, X: -9979000, Y: 4838000, WKID: 102100 });
    expect([same.SRX, same.SRY]).toEqual([-9979000, 4838000]);
    const bad = await call('Ams/ServiceRequest/Create', { ProblemSid: 101, X: 1, Y: 2, WKID: 1 });
    expect(bad.ErrorMessages?.[0]?.Code).toBe(9);

    const statePlane = await startCityworksEmulator({ siteWkid: 2234 });
    try {
      const t = await cwLogin(statePlane.url, 'api311', 'Springfield!311');
      const env = await cwCall<Rec>(statePlane.url, 'Ams/ServiceRequest/Create', { ProblemSid: 101, X: -72.9279, Y: 41.3083, WKID: 4326 }, { token: t });
      expect(env.Value.SRX as number).toBeCloseTo(951123.6493, 2);
      expect(env.Value.SRY as number).toBeCloseTo(673109.4329, 2);
    } finally {
      await statePlane.close();
    }
  });

  it('Move projects like Create', async () => {
    const moved = await call<Rec>('Ams/ServiceRequest/Move', { RequestId: 10001, X: -72.9279, Y: 41.3083, WKID: 4326 });
    expect(moved.Value.SRX as number).toBeCloseTo(-8118296.6926, 3);
    const raw = await call<Rec>('Ams/ServiceRequest/Move', { RequestId: 10001, X: '1000.5', Y: '2000.25' });
    expect([raw.Value.SRX, raw.Value.SRY]).toEqual([1000.5, 2000.25]);
    expect((await call('Ams/ServiceRequest/Move', { RequestId: 10001 })).ErrorMessages?.[0]?.Code).toBe(9);
  });

  it('ById, ByIds and ByOtherSystemId', async () => {
    const r = await create({ ProblemSid: 104, OtherSystemId: 'CB-1' });
    expect((await call('Ams/ServiceRequest/ById', { RequestId: r.RequestId })).Value).toEqual(r);
    const many = await call<Rec[]>('Ams/ServiceRequest/ByIds', { RequestIds: [10001, r.RequestId, 424242] });
    expect(many.Value.map((x) => x.RequestId)).toEqual([10001, r.RequestId]);
    expect((await call<Rec>('Ams/ServiceRequest/ByOtherSystemId', { OtherSystemId: 'CB-1' })).Value.RequestId).toBe(r.RequestId);
    expect((await call('Ams/ServiceRequest/ByOtherSystemId', { OtherSystemId: 'nope' })).Value).toBeNull();
  });

  it('Search takes list filters, Closed/Canceled, DateTimeInit ranges and MaxResults, returning ids', async () => {
    const a = await create({ ProblemSid: 101, DateTimeInit: '2030-01-02T10:00:00' });
    const b = await create({ ProblemSid: 106, DateTimeInit: '2030-01-03T10:00:00' });
    const s = (data: Rec) => call<number[]>('Ams/ServiceRequest/Search', data).then((e) => e.Value);
    expect(await s({ ProblemSid: [101] })).toEqual([10001, a.RequestId]);
    expect(await s({ ProblemSid: ['101', 106], DateTimeInitBegin: '2030-01-01' })).toEqual([a.RequestId, b.RequestId]);
    expect(await s({ DateTimeInitBegin: '2030-01-01', DateTimeInitEnd: '2030-01-02T23:59:59' })).toEqual([a.RequestId]);
    expect(await s({ Closed: true })).toEqual([10002]);
    expect(await s({ Closed: 'false', Status: ['INPROG'] })).toEqual([10003]);
    expect(await s({ RequestIds: [10001, 10003, b.RequestId], Status: ['OPEN'] })).toEqual([10001, b.RequestId]);
    expect(await s({ MaxResults: 2 })).toEqual([10001, 10002]);
    await call('Ams/ServiceRequest/Cancel', { RequestIds: [b.RequestId] });
    expect(await s({ Canceled: true })).toEqual([b.RequestId]);
  });

  it('Update changes fields and adds comments', async () => {
    const env = await call<Rec>('Ams/ServiceRequest/Update', { RequestId: 10001, Priority: '1', Text3: 'x', Details: 'Updated', Comments: 'note', SubmitToSid: 19 });
    expect(env.Value).toMatchObject({ Priority: '1', Text3: 'x', Details: 'Updated', SubmitTo: 'Okafor, Ben', SubmitToSid: 19 });
    expect((await call<string>('Ams/ServiceRequest/Comments', { RequestId: 10001 })).Value).toBe('Crew scheduled for this week\r\nnote');
    expect((await call('Ams/ServiceRequest/Update', { RequestId: 1 })).ErrorMessages?.[0]?.Code).toBe(2);
  });

  it('Close, a second Close (31), Reopen and Cancel', async () => {
    const closed = await call<Rec[]>('Ams/ServiceRequest/Close', { RequestIds: [10001] });
    expect(closed.Value[0]).toMatchObject({ RequestId: 10001, IsClosed: true, Status: 'CLOSED', ClosedBy: 'API, 311', ClosedBySid: 5 });
    expect(closed.Value[0]?.DateTimeClosed).not.toBe('0001-01-01T00:00:00');
    const again = await call('Ams/ServiceRequest/Close', { RequestIds: [10001] });
    expect(again.ErrorMessages?.[0]).toMatchObject({ Code: 31, Name: 'ErrorStatusCantBeClosed' });
    const reopened = await call<Rec[]>('Ams/ServiceRequest/Reopen', { RequestIds: [10001] });
    expect(reopened.Value[0]).toMatchObject({ IsClosed: false, Status: 'OPEN', DateTimeClosed: '0001-01-01T00:00:00' });
    const canceled = await call<Rec[]>('Ams/ServiceRequest/Cancel', { RequestIds: [10001], CancelReason: 'Duplicate' });
    expect(canceled.Value[0]).toMatchObject({ Cancel: true, Status: 'CANCEL', CancelReason: 'Duplicate', CancelledBy: 'API, 311' });
    expect((await call('Ams/ServiceRequest/Cancel', { RequestIds: [10001] })).ErrorMessages?.[0]?.Code).toBe(32);
  });

  it('Problems filters ForPublicOnly and QA covers every format and branching', async () => {
    const all = await call<Rec[]>('Ams/ServiceRequest/Problems', {});
    const pub = await call<Rec[]>('Ams/ServiceRequest/Problems', { ForPublicOnly: true });
    expect(all.Value).toHaveLength(10);
    expect(pub.Value.map((p) => p.Description)).toEqual(['Pothole', 'Graffiti', 'Streetlight Out', 'Missed Trash Pickup', 'Sidewalk Damage', 'Illegal Dumping', 'Tree Down', 'Water Leak']);
    expect(Object.keys(pub.Value[0] ?? {})).toEqual(['ProblemSid', 'DomainId', 'ProblemCode', 'Description', 'OtherSysCode', 'OtherSysDesc1', 'OtherSysDesc2']);
    const formats = new Set<string>();
    const texts: string[] = [];
    for (const p of all.Value) {
      const qa = await call<{ BranchingModel: boolean; Questions: Rec[]; Answers: Rec[] }>('Ams/ServiceRequest/QA', { ProblemSid: p.ProblemSid });
      qa.Value.Answers.forEach((a) => formats.add(String(a.AnswerFormat)));
      qa.Value.Questions.forEach((q) => texts.push(String(q.Question)));
    }
    expect([...formats].sort()).toEqual(['DATE', 'FREETEXT', 'NO', 'THISTEXT', 'YES']);
    expect(texts.some((t) => /email|e-mail/i.test(t))).toBe(true);
    expect(texts.some((t) => /phone/i.test(t))).toBe(true);
    const branching = await call<{ BranchingModel: boolean; Answers: Rec[] }>('Ams/ServiceRequest/QA', { ProblemSid: '104' });
    expect(branching.Value.BranchingModel).toBe(true);
    expect(branching.Value.Answers.find((a) => a.AnswerId === 5032)?.NextQuestionId).toBe(1034);
    expect((await call('Ams/ServiceRequest/QA', { ProblemSid: 5 })).ErrorMessages?.[0]?.Code).toBe(35);
  });

  it('Statuses return CodeDesc', async () => {
    const env = await call<Rec[]>('Ams/ServiceRequest/Statuses', {});
    expect(env.Value.map((s) => s.Code)).toEqual(expect.arrayContaining(['OPEN', 'INPROG', 'CLOSED', 'CANCEL']));
    expect(Object.keys(env.Value[0] ?? {})).toEqual(['Code', 'Description', 'CodeType', 'IsActive']);
  });
});

describe('comments', () => {
  it('AddComments, CommentsByRequestIds, Comment/Add and ByActivitySids', async () => {
    expect((await call<string>('Ams/ServiceRequest/AddComments', { RequestId: 10003, Comments: 'first' })).Value).toBe('first');
    const rec = await call<Rec>('Ams/Comment/Add', { ActivityType: 1, ActivitySid: 10003, Comments: 'To SCF: second' });
    expect(rec.Value).toMatchObject({ ActivityType: 1, ActivitySid: 10003, ActivityId: '10003', Comments: 'To SCF: second', AuthorSid: 5, AuthorName: 'API, 311' });
    const byIds = await call<Record<string, string>>('Ams/ServiceRequest/CommentsByRequestIds', { RequestIds: [10003, 10002] });
    expect(byIds.Value).toEqual({ '10003': 'first\r\nTo SCF: second', '10002': 'To SCF: The streetlight has been repaired. Thank you!' });
    const bySids = await call<Record<string, Rec[]>>('Ams/Comment/ByActivitySids', { ActivityType: 1, ActivitySids: [10003] });
    expect(bySids.Value['10003']?.map((c) => c.Comments)).toEqual(['first', 'To SCF: second']);
    expect((await call('Ams/Comment/Add', { ActivityType: 1, ActivitySid: 10003, Comments: '' })).ErrorMessages?.[0]?.Code).toBe(3);
    expect((await call('Ams/Comment/Add', { ActivityType: 1, ActivitySid: 1, Comments: 'x' })).ErrorMessages?.[0]?.Code).toBe(6);
    expect((await call('Ams/Comment/ByActivitySids', { ActivityType: 1, ActivitySids: [] })).ErrorMessages?.[0]?.Code).toBe(14);
  });
});
