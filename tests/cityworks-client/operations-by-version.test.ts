import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCityworksEmulator, type CityworksEmulator } from '@/emulators/cityworks/server';
import { FLAVORS, callsTo, makeClient, tokenOf } from './support';

/**
 * Every client operation against the emulator in every dialect. Each flavour gets its own
 * emulator; the assertions check both the domain result and that the dialect's transport was used.
 */
describe.each(FLAVORS)('Cityworks client operations: $name', (flavor) => {
  let emu: CityworksEmulator;
  let client: ReturnType<typeof makeClient>['client'];
  let events: ReturnType<typeof makeClient>['events'];
  const ourId = `CRM-${flavor.name.replace(/\W+/g, '-')}-1`;

  beforeAll(async () => {
    emu = await startCityworksEmulator({ version: flavor.version, online: flavor.online });
    ({ client, events } = makeClient(emu, flavor));
  });
  afterAll(() => emu.close());

  it('authenticates with the dialect and reads user, validate and the site WKID', async () => {
    await client.authenticate();
    expect(await client.validate()).toBe(true);
    const user = await client.user();
    expect(user.employeeSid).toBe(flavor.user.loginName.includes('/') ? 12 : 5);
    expect((await client.preferences()).spatialReference).toBe(3857);

    const auth = callsTo(emu, 'Authentication/Authenticate');
    expect(auth).toHaveLength(1);
    const expectedAuthPath = flavor.version === '2013' ? '/cityworks/Services/AMS/Authentication/Authenticate' : '/cityworks/Services/General/Authentication/Authenticate';
    expect(auth[0]!.path).toBe(expectedAuthPath);
    expect(auth[0]!.form.token).toBeUndefined();
    if (flavor.online) {
      const portal = callsTo(emu, 'Authentication/CityworksOnlineAuthenticate');
      expect(portal).toHaveLength(1);
      expect(portal[0]!.data).toEqual({ LoginName: flavor.user.loginName, Password: flavor.user.password });
      // The portal token, not the password, goes to the site's Authenticate.
      expect((auth[0]!.data as { Password: string }).Password).not.toBe(flavor.user.password);
    } else {
      expect(auth[0]!.data).toEqual({ LoginName: flavor.user.loginName, Password: flavor.user.password });
    }
    const userCall = callsTo(emu, 'Authentication/User').at(-1)!;
    if (flavor.version === '23') {
      expect(userCall.headers.authorization).toMatch(/^cityworks \S+$/);
      expect(userCall.form.token).toBeUndefined();
    } else {
      expect(userCall.form.token).toBeTruthy();
      expect(userCall.headers.authorization).toBeUndefined();
    }
    expect(events.every((e) => e.outcome === 'ok')).toBe(true);
  });

  it('reads problems, questions and statuses', async () => {
    const problems = await client.serviceRequests.problems({ forPublicOnly: true });
    expect(problems.length).toBeGreaterThan(0);
    expect(callsTo(emu, 'ServiceRequest/Problems').at(-1)!.data).toEqual({ ForPublicOnly: true });
    const withQuestions = [];
    for (const p of problems) {
      const qa = await client.serviceRequests.qa(p.problemSid);
      expect(qa.problemSid).toBe(p.problemSid);
      if (qa.questions.length > 0) withQuestions.push(qa);
    }
    expect(withQuestions.length).toBeGreaterThan(0);
    const answer = withQuestions[0]!.answers[0]!;
    expect(typeof answer.answerId).toBe('number');
    expect(answer.format).toMatch(/^[A-Z]+$/);
    const statuses = await client.serviceRequests.statuses();
    expect(statuses.map((s) => s.code)).toContain('OPEN');
  });

  it('creates, reads, searches, finds by our id and updates a service request', async () => {
    const [problem] = await client.serviceRequests.problems({ forPublicOnly: true });
    const before = new Date(Date.now() - 60_000);
    const sr = await client.serviceRequests.create({
      problemSid: problem!.problemSid,
      details: 'Deep pothole\nnear the curb',
      x: -89.6501,
      y: 39.7992,
      wkid: 4326,
      address: '700 S 6th St',
      otherSystemId: ourId,
      callerFirstName: 'Civic Bridge',
      callerLastName: 'Pat Reporter',
      callerEmail: 'pat@example.org',
      fields: { Text1: 'https://img.example/1.jpg' },
    });
    expect(sr.requestId).toBeGreaterThan(0);
    expect(sr.problemSid).toBe(problem!.problemSid);
    expect(sr.otherSystemId).toBe(ourId);
    expect(sr.isClosed).toBe(false);
    expect(sr.cancelled).toBe(false);
    expect(sr.dateTimeClosed).toBeNull();
    expect(sr.dateTimeInit).toBeInstanceOf(Date);
    // Projected to the site WKID 3857 by Cityworks.
    expect(sr.x).toBeCloseTo((-89.6501 * Math.PI * 6378137) / 180, 0);
    expect(sr.raw.Text1).toBe('https://img.example/1.jpg');

    expect((await client.serviceRequests.byId(sr.requestId)).details).toBe('Deep pothole\nnear the curb');
    const many = await client.serviceRequests.byIds([sr.requestId, 99_999_999]);
    expect(many.map((r) => r.requestId)).toEqual([sr.requestId]);

    const found = await client.serviceRequests.search({ dateTimeInitBegin: before, status: ['OPEN'] });
    expect(found).toContain(sr.requestId);
    const mine = await client.serviceRequests.byOtherSystemId(ourId);
    expect(mine.map((r) => r.requestId)).toEqual([sr.requestId]);
    expect(await client.serviceRequests.byOtherSystemId('no-such-id')).toEqual([]);

    const updated = await client.serviceRequests.update({ requestId: sr.requestId, fields: { Text2: 'updated' } });
    expect(updated.raw.Text2).toBe('updated');

    const callers = await client.customerCalls.byRequestIds([sr.requestId]);
    expect(callers).toHaveLength(1);
    expect(callers[0]).toMatchObject({ requestId: sr.requestId, firstName: 'Civic Bridge', lastName: 'Pat Reporter', email: 'pat@example.org' });
  });

  it('adds and reads comments both ways', async () => {
    const [sr] = await client.serviceRequests.byOtherSystemId(ourId);
    await client.serviceRequests.addComments(sr!.requestId, 'First note from the CRM');
    const record = await client.comments.add('request', sr!.requestId, 'To SCF: crew dispatched');
    expect(record.comments).toBe('To SCF: crew dispatched');
    expect(record.dateCreated).toBeInstanceOf(Date);
    expect(await client.serviceRequests.comments(sr!.requestId)).toContain('First note from the CRM');
    const byIds = await client.serviceRequests.commentsByRequestIds([sr!.requestId]);
    expect(byIds.get(sr!.requestId)).toContain('To SCF: crew dispatched');
    const structured = await client.comments.byActivitySids('request', [sr!.requestId]);
    expect(structured.get(sr!.requestId)!.map((c) => c.comments)).toEqual(expect.arrayContaining(['First note from the CRM', 'To SCF: crew dispatched']));
    expect(callsTo(emu, 'Comment/Add').at(-1)!.data).toEqual({ ActivityType: 1, ActivitySid: sr!.requestId, Comments: 'To SCF: crew dispatched' });
  });

  it('uploads, lists and downloads a request attachment (multipart)', async () => {
    const [sr] = await client.serviceRequests.byOtherSystemId(ourId);
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const added = await client.attachments.addRequestAttachment(sr!.requestId, { bytes, filename: 'photo.jpg', contentType: 'image/jpeg', comments: 'from citizen' });
    expect(added.ownerId).toBe(sr!.requestId);
    expect(added.filename).toBe('photo.jpg');
    const list = await client.attachments.requestAttachments([sr!.requestId]);
    expect(list.map((a) => a.id)).toContain(added.id);
    const file = await client.attachments.downloadRequestAttachment(added.id);
    expect([...file.bytes]).toEqual([...bytes]);
    expect(file.contentType).toBe('image/jpeg');
    const upload = callsTo(emu, 'Attachments/AddRequestAttachment').at(-1)!;
    expect(upload.files).toEqual([{ field: 'file', filename: 'photo.jpg', size: bytes.length, contentType: 'image/jpeg' }]);
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(Boolean(upload.form.token)).toBe(flavor.version !== '23');
  });

  it('closes one request and cancels another', async () => {
    const [problem] = await client.serviceRequests.problems({ forPublicOnly: true });
    const [a, b] = await Promise.all([
      client.serviceRequests.create({ problemSid: problem!.problemSid, details: 'close me', otherSystemId: `${ourId}-a` }),
      client.serviceRequests.create({ problemSid: problem!.problemSid, details: 'cancel me', otherSystemId: `${ourId}-b` }),
    ]);
    const [closed] = await client.serviceRequests.close([a.requestId]);
    expect(closed!.isClosed).toBe(true);
    expect(closed!.dateTimeClosed).toBeInstanceOf(Date);
    const [cancelled] = await client.serviceRequests.cancel([b.requestId], { cancelReason: 'Duplicate' });
    expect(cancelled!.cancelled).toBe(true);
    expect(callsTo(emu, 'ServiceRequest/Cancel').at(-1)!.data).toEqual({ RequestIds: [b.requestId], CancelReason: 'Duplicate' });
    expect(await client.serviceRequests.search({ requestIds: [a.requestId, b.requestId], closed: true })).toEqual([a.requestId]);
  });

  it('runs the work order operations', async () => {
    const templates = await client.workOrders.templates({ entityType: 'STREET' });
    expect(templates.length).toBeGreaterThan(0);
    const wos = await client.workOrders.create({ templateId: templates[0]!.templateId, entityType: 'STREET', x: -89.6501, y: 39.7992, wkid: 4326, comments: 'from 311', address: '700 S 6th St' });
    expect(wos).toHaveLength(1);
    const wo = wos[0]!;
    expect(typeof wo.workOrderId).toBe('string');
    expect(wo.templateId).toBe(templates[0]!.templateId);
    expect(wo.dateClosed).toBeNull();
    expect((await client.workOrders.byId(wo.workOrderId)).workOrderSid).toBe(wo.workOrderSid);
    expect((await client.workOrders.byIds([wo.workOrderId])).map((w) => w.workOrderId)).toEqual([wo.workOrderId]);
    const ids = await client.workOrders.search({ templateIds: [wo.templateId] });
    expect(ids).toContain(wo.workOrderId);
    expect(ids.every((i) => typeof i === 'string')).toBe(true);
    await client.workOrders.addComments({ workOrderId: wo.workOrderId }, 'crew notified');
    const comments = await client.comments.byActivitySids('work-order', [wo.workOrderSid!]);
    expect(comments.get(wo.workOrderSid!)!.map((c) => c.comments)).toContain('crew notified');
    expect((await client.workOrders.statuses()).length).toBeGreaterThan(0);

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const att = await client.attachments.addWorkOrderAttachment({ workOrderSid: wo.workOrderSid!, workOrderId: wo.workOrderId }, { bytes: png, filename: 'crew.png', contentType: 'image/png' });
    expect(att.workOrderId).toBe(wo.workOrderId);
    expect((await client.attachments.workOrderAttachments({ workOrderIds: [wo.workOrderId] })).map((a) => a.id)).toEqual([att.id]);
    const down = await client.attachments.downloadWorkOrderAttachment(att.id);
    expect([...down.bytes]).toEqual([...png]);
    expect(down.contentType).toBe('image/png');

    const [closed] = await client.workOrders.close([wo.workOrderId]);
    expect(closed!.isClosed).toBe(true);
    const [other] = await client.workOrders.create({ templateId: templates[0]!.templateId, entityType: 'STREET' });
    const [cancelled] = await client.workOrders.cancel([other!.workOrderId], { cancelReason: 'No longer needed' });
    expect(cancelled!.cancelled).toBe(true);
  });

  it('sent every call with the dialect transport and one login', () => {
    const service = emu.calls.filter((c) => !c.service.startsWith('Authentication/'));
    expect(service.length).toBeGreaterThan(20);
    const prefix = flavor.version === '2013' ? '/cityworks/Services/AMS/' : '/cityworks/Services/Ams/';
    for (const call of service) {
      expect(call.method).toBe('POST');
      expect(call.path.startsWith(prefix)).toBe(true);
      expect(tokenOf(call)).toBeTruthy();
      expect(Boolean(call.headers.authorization)).toBe(flavor.version === '23');
      expect(call.query).toEqual({});
    }
    expect(callsTo(emu, 'Authentication/Authenticate')).toHaveLength(1);
    expect(events.filter((e) => e.outcome === 'error')).toEqual([]);
  });
});
