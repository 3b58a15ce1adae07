import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { formatCityworksDate, MAX_IDS_PER_CALL, normalizeBaseUrl, parseCityworksDate, remoteFieldValue } from '@/lib/cityworks';
import { toProblemQa, toServiceRequest, toWorkOrder } from '@/lib/cityworks/adapters';
import { requestBase, problemQa, workOrderBase } from '@/lib/cityworks/wire';
import { API_USER, callsTo, makeClient, rejection } from './support';

describe('dates', () => {
  it('maps the 0001-01-01 sentinel, empty and garbage to null', () => {
    expect(parseCityworksDate('0001-01-01T00:00:00')).toBeNull();
    expect(parseCityworksDate('')).toBeNull();
    expect(parseCityworksDate(null)).toBeNull();
    expect(parseCityworksDate('soon')).toBeNull();
  });

  it('reads offset-less dates as wall time in the server zone, across DST', () => {
    expect(parseCityworksDate('2024-05-01T09:12:00', 'America/Chicago')!.toISOString()).toBe('2024-05-01T14:12:00.000Z');
    expect(parseCityworksDate('2024-01-15T09:12:00', 'America/Chicago')!.toISOString()).toBe('2024-01-15T15:12:00.000Z');
    expect(parseCityworksDate('2024-05-01T09:12:00')!.toISOString()).toBe('2024-05-01T09:12:00.000Z');
    expect(parseCityworksDate('2024-05-01', 'America/Chicago')!.toISOString()).toBe('2024-05-01T05:00:00.000Z');
    expect(parseCityworksDate('2024-05-01T09:12:00.5', 'UTC')!.toISOString()).toBe('2024-05-01T09:12:00.500Z');
  });

  it('takes dates with Z, an offset or the .NET form as instants', () => {
    expect(parseCityworksDate('2024-05-01T13:00:00.000Z', 'America/Chicago')!.toISOString()).toBe('2024-05-01T13:00:00.000Z');
    expect(parseCityworksDate('2024-05-01T13:00:00+02:00')!.toISOString()).toBe('2024-05-01T11:00:00.000Z');
    expect(parseCityworksDate('/Date(1714568400000)/')!.toISOString()).toBe('2024-05-01T13:00:00.000Z');
  });

  it('formats an instant as server wall time and round-trips', () => {
    const at = new Date('2024-11-03T07:30:00Z'); // the morning US DST ends
    const text = formatCityworksDate(at, 'America/Chicago');
    expect(text).toBe('2024-11-03T01:30:00');
    expect(formatCityworksDate(new Date('2024-05-01T13:00:00.999Z'))).toBe('2024-05-01T13:00:00');
    const d = new Date('2024-07-04T16:45:10Z');
    expect(parseCityworksDate(formatCityworksDate(d, 'America/Denver'), 'America/Denver')!.getTime()).toBe(d.getTime());
  });
});

describe('wire to domain', () => {
  it('turns -9999 and null dates into null, keeps "" text, normalises types', () => {
    const wire = requestBase.parse({
      RequestId: '1234', ProblemSid: 42, ProblemCode: 'POTHOLE', Priority: 2, SRX: -9757000.1, SRY: -9999.0, ProbAddress: '100 MAIN ST',
      DateTimeInit: '2024-05-01T09:12:00', DateTimeClosed: '0001-01-01T00:00:00', DateCancelled: '0001-01-01T00:00:00', Cancel: false,
      IsClosed: 'false', SubmitToSid: -9999, WorkOrderId: '', OtherSystemId: 'CRM-99', Num1: -9999.0, ClosedBy: null,
    });
    const sr = toServiceRequest(wire, 'America/Chicago');
    expect(sr).toMatchObject({
      requestId: 1234, problemSid: 42, priority: '2', x: -9757000.1, y: null, address: '100 MAIN ST', submitToSid: null,
      dateTimeClosed: null, dateCancelled: null, isClosed: false, cancelled: false, workOrderId: '', closedBy: '', otherSystemId: 'CRM-99',
    });
    expect(sr.dateTimeInit!.toISOString()).toBe('2024-05-01T14:12:00.000Z');
    expect(sr.raw.Num1).toBe(-9999);
  });

  it('reads the recorded 15.6 WorkOrder/Create value', () => {
    const wo = toWorkOrder(
      workOrderBase.parse({
        WorkOrderId: '136131', WorkOrderSid: 136131, WOTemplateId: '661', Description: 'Main Line Repair', Status: 'OPEN', Priority: '1',
        WOAddress: '20207 TAILWIND LN', WOXCoordinate: 35.489596, WOYCoordinate: -80.897143, InitiatedBy: '(AD) Admin, Cityworks',
        InitiateDate: '2021-12-11T00:07:37', DateWOClosed: '0001-01-01T00:00:00', Cancel: false, IsClosed: false, Num1: -9999.0,
      }),
      'UTC',
    );
    expect(wo).toMatchObject({ workOrderId: '136131', workOrderSid: 136131, templateId: '661', x: 35.489596, dateClosed: null, cancelled: false });
    expect(wo.initiateDate!.toISOString()).toBe('2021-12-11T00:07:37.000Z');
  });

  it('reads the recorded QA payload; NextQuestionId 0 means no branch', () => {
    const qa = toProblemQa(problemQa.parse({
      ProblemSid: 21, BranchingModel: false,
      Questions: [{ QuestionId: 43, ProblemSid: 21, Question: 'Location Detail', QuestionSequence: 1 }],
      Answers: [{ QuestionId: 43, NextQuestionId: 0, Priority: '', AnswerSequence: 1, Answer: 'Interior', AnswerId: 154, TellCaller: '', AnswerFormat: 'thistext' }],
    }));
    expect(qa.questions).toEqual([{ questionId: 43, question: 'Location Detail', sequence: 1 }]);
    expect(qa.answers[0]).toMatchObject({ answerId: 154, format: 'THISTEXT', nextQuestionId: null });
  });

  it('reads an observed field with sentinels as null, case-insensitively', () => {
    const raw = { Status: 'INPROG', Num1: -9999, Num2: 3.5, Date1: '0001-01-01T00:00:00', Text1: '', WONeeded: false };
    expect(remoteFieldValue(raw, 'status')).toBe('INPROG');
    expect(remoteFieldValue(raw, 'Num1')).toBeNull();
    expect(remoteFieldValue(raw, 'NUM2')).toBe(3.5);
    expect(remoteFieldValue(raw, 'Date1')).toBeNull();
    expect(remoteFieldValue(raw, 'Text1')).toBe('');
    expect(remoteFieldValue(raw, 'WONeeded')).toBe(false);
    expect(remoteFieldValue(raw, 'Missing')).toBeNull();
  });

  it('rejects a record without its identity', () => {
    expect(requestBase.safeParse({ ProblemSid: 1 }).success).toBe(false);
  });
});

describe('base URL normalisation', () => {
  it.each([
    ['https://cw.example.gov/cityworks', 'https://cw.example.gov/cityworks'],
    ['https://cw.example.gov/cityworks/', 'https://cw.example.gov/cityworks'],
    ['https://cw.example.gov/cityworks/Services/AMS', 'https://cw.example.gov/cityworks'],
    ['https://cw.example.gov/cityworks/services/ams/', 'https://cw.example.gov/cityworks'],
    ['https://cw.example.gov/cityworks/Services/General', 'https://cw.example.gov/cityworks'],
    ['  https://app01.cityworksonline.com/CLIENT_X/Services  ', 'https://app01.cityworksonline.com/CLIENT_X'],
    ['https://cw.example.gov:8443/', 'https://cw.example.gov:8443'],
  ])('%s', (input, expected) => {
    expect(normalizeBaseUrl(input)).toBe(expected);
  });
});

describe('chunked reads against the emulator', () => {
  let emu: CityworksEmulator;
  beforeAll(async () => {
    emu = await startCityworksEmulator({ version: '15.8' });
  });
  afterAll(() => emu.close());

  it(`splits ByIds and a RequestIds search into calls of at most ${MAX_IDS_PER_CALL} ids, in order`, async () => {
    expect(MAX_IDS_PER_CALL).toBe(500);
    const { client } = makeClient(emu, { version: '15.8', online: false, user: API_USER });
    const ids = Array.from({ length: 1201 }, (_, i) => 9_000_000 + i);
    ids[700] = 10001;
    ids[1200] = 10002;
    const found = await client.serviceRequests.byIds(ids);
    expect(found.map((r) => r.requestId)).toEqual([10001, 10002]);
    const sizes = callsTo(emu, 'ServiceRequest/ByIds').map((c) => (c.data as { RequestIds: number[] }).RequestIds.length);
    expect(sizes).toEqual([500, 500, 201]);
    expect((callsTo(emu, 'ServiceRequest/ByIds')[1]!.data as { RequestIds: number[] }).RequestIds[0]).toBe(9_000_500);

    const searched = await client.serviceRequests.search({ requestIds: ids });
    expect(searched.sort()).toEqual([10001, 10002]);
    expect(callsTo(emu, 'ServiceRequest/Search')).toHaveLength(3);

    const calls = await client.customerCalls.byRequestIds(ids);
    expect(callsTo(emu, 'CustomerCall/ByRequestIds')).toHaveLength(3);
    expect(calls.every((c) => c.requestId === 10001 || c.requestId === 10002)).toBe(true);
  });

  it('an empty id list makes no call', async () => {
    const { client } = makeClient(emu, { version: '15.8', online: false, user: API_USER });
    const before = emu.calls.length;
    expect(await client.serviceRequests.byIds([])).toEqual([]);
    expect(await client.workOrders.byIds([])).toEqual([]);
    expect(emu.calls.length).toBe(before);
  });

  it('a failing chunk fails the whole read (no silent partial result)', async () => {
    const { client } = makeClient(emu, { version: '15.8', online: false, user: API_USER });
    await client.serviceRequests.statuses();
    // Rules apply in order: the first chunk passes, the second gets the 503.
    emu.faults.set({ service: 'ServiceRequest/ByIds', kind: 'latency', latencyMs: 0, times: 1 });
    emu.faults.set({ service: 'ServiceRequest/ByIds', kind: 'http503', times: 1 });
    const before = callsTo(emu, 'ServiceRequest/ByIds').length;
    const ids = Array.from({ length: 600 }, (_, i) => 10001 + i);
    const err = await rejection(client.serviceRequests.byIds(ids));
    expect(err.httpStatus).toBe(503);
    expect(callsTo(emu, 'ServiceRequest/ByIds').length - before).toBe(2);
  });
});
