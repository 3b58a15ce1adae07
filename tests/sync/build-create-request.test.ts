import { describe, expect, it } from 'vitest';
import { buildCreateRequest, type CreateRequestInput } from '@/lib/sync/build-create-request';
import { readSettings, workOrderFieldConflicts } from '@/lib/integrations/settings';

const baseIssue = {
  number: 4217,
  summary: 'Pothole on Main',
  description: 'Deep, near the crosswalk',
  lat: 39.7817,
  lng: -89.6501,
  address: '100 Main St',
  reporterName: 'Ada Lovelace',
  reporterEmail: 'ada@example.org',
};

// Spherical Mercator by its formula, independent of proj4.
const R = 6378137;
const MERC_X = (R * baseIssue.lng * Math.PI) / 180;
const MERC_Y = R * Math.log(Math.tan(Math.PI / 4 + (baseIssue.lat * Math.PI) / 360));

function input(over: Partial<CreateRequestInput> = {}): CreateRequestInput {
  return {
    issue: baseIssue,
    category: { remoteKind: 'SERVICE_REQUEST', remoteCode: '101', name: 'Pothole' },
    integration: { srid: 3857, settings: readSettings({}) },
    organizationTitle: 'City of Springfield',
    ...over,
  };
}

describe('buildCreateRequest: service requests', () => {
  it('maps every field of the spec table, projected to Web Mercator', () => {
    const r = buildCreateRequest(
      input({
        answers: [
          { remoteAnswerId: '155', value: 'Exterior', sequence: 2 },
          { remoteAnswerId: '154', value: 'Interior', sequence: 1 },
          { remoteAnswerId: null, value: 'not a Cityworks answer', sequence: 3 },
        ],
        imageUrl: 'https://crm.example/media/abc.jpg',
        integration: {
          srid: 3857,
          settings: readSettings({
            imageUrlField: 'Text3',
            customFields: [
              { field: 'Text5', kind: 'fixed', value: 'CRM' },
              { field: 'Text6', kind: 'template', value: '#{issueNumber} {category} ({organization})' },
              { field: 'cf:77', kind: 'fixed', value: 'yes' },
            ],
          }),
        },
      }),
    );
    expect(r.service).toBe('ServiceRequest/Create');
    expect(r.data).toEqual({
      Text5: 'CRM',
      Text6: '#4217 Pothole (City of Springfield)',
      Text3: 'https://crm.example/media/abc.jpg',
      ProblemSid: 101,
      CallerFirstName: 'Civic Bridge 311 CRM',
      CallerLastName: 'Ada Lovelace',
      CallerEmail: 'ada@example.org',
      Details: 'Pothole on Main\nDeep, near the crosswalk',
      X: expect.closeTo(MERC_X, 3),
      Y: expect.closeTo(MERC_Y, 3),
      Address: '100 Main St',
      InitiatedByApp: 'CivicBridge',
      OtherSystemId: '4217',
      Answers: [
        { AnswerId: 154, AnswerValue: 'Interior' },
        { AnswerId: 155, AnswerValue: 'Exterior' },
      ],
      CustomFieldValues: { '77': 'yes' },
    });
  });

  it('projects to a State Plane SRID in US feet', () => {
    const r = buildCreateRequest(input({ issue: { ...baseIssue, lng: -72.9279, lat: 41.3083 }, integration: { srid: 2234, settings: readSettings({}) } }));
    // Reference values from cs2cs (PROJ 9.1.1), see stack-notes §8.
    expect(r.data.X).toBeCloseTo(951123.6493, 2);
    expect(r.data.Y).toBeCloseTo(673109.4329, 2);
  });

  it('prefers the verified address, and omits what the reporter left empty', () => {
    const r = buildCreateRequest(
      input({ issue: { ...baseIssue, description: '  ', reporterName: null, reporterEmail: ' ' }, verifiedAddress: '102 MAIN ST, SPRINGFIELD' }),
    );
    expect(r.data.Address).toBe('102 MAIN ST, SPRINGFIELD');
    expect(r.data.Details).toBe('Pothole on Main');
    expect(r.data).not.toHaveProperty('CallerLastName');
    expect(r.data).not.toHaveProperty('CallerEmail');
    expect(r.data).not.toHaveProperty('Answers');
    expect(r.data).not.toHaveProperty('CustomFieldValues');
  });

  it('leaves the image URL out when no field is configured', () => {
    const r = buildCreateRequest(input({ imageUrl: 'https://crm.example/media/abc.jpg' }));
    expect(Object.values(r.data)).not.toContain('https://crm.example/media/abc.jpg');
  });

  it('refuses a category code that is not a ProblemSid', () => {
    expect(() => buildCreateRequest(input({ category: { remoteKind: 'SERVICE_REQUEST', remoteCode: 'POTHOLE', name: 'Pothole' } }))).toThrow(/ProblemSid/);
  });
});

describe('buildCreateRequest: work orders', () => {
  it('sends template, entity type, X/Y, address, details as comments and our id in the marker field', () => {
    const r = buildCreateRequest(
      input({
        category: { remoteKind: 'WORK_ORDER', remoteCode: '301', name: 'Street repair' },
        imageUrl: 'https://crm.example/media/abc.jpg',
        integration: { srid: 3857, settings: readSettings({ imageUrlField: 'Text3', workOrderEntityType: 'STREET' }) },
      }),
    );
    expect(r.service).toBe('WorkOrder/Create');
    expect(r.data).toEqual({
      Text3: 'https://crm.example/media/abc.jpg',
      Text20: '4217',
      WOTemplateId: '301',
      EntityType: 'STREET',
      X: expect.closeTo(MERC_X, 3),
      Y: expect.closeTo(MERC_Y, 3),
      Address: '100 Main St',
      Comments: 'Pothole on Main\nDeep, near the crosswalk',
      InitiatedByApp: 'CivicBridge',
    });
  });
});

describe('buildCreateRequest: work order fields chosen by the city', () => {
  const wo = (settings: Record<string, unknown>, over: Partial<CreateRequestInput> = {}) =>
    buildCreateRequest(
      input({
        category: { remoteKind: 'WORK_ORDER', remoteCode: '301', name: 'Street repair' },
        imageUrl: 'https://crm.example/media/abc.jpg',
        integration: { srid: 3857, settings: readSettings(settings) },
        ...over,
      }),
    );

  it('writes our issue number to the chosen field and the reporter to the chosen fields', () => {
    const r = wo({ imageUrlField: 'Text20', workOrderIssueNumberField: 'Text19', workOrderReporterNameField: 'Text1', workOrderReporterEmailField: 'Text2' });
    expect(r.data).toMatchObject({ Text20: 'https://crm.example/media/abc.jpg', Text19: '4217', Text1: 'Ada Lovelace', Text2: 'ada@example.org' });
    expect(r.data.Comments).toBe('Pothole on Main\nDeep, near the crosswalk');
  });

  it('never overwrites the issue number with the image URL: a clashing image URL goes to the comments', () => {
    const r = wo({ imageUrlField: 'Text20' });
    expect(r.data.Text20).toBe('4217');
    expect(r.data.Comments).toBe('Pothole on Main\nDeep, near the crosswalk\nImage: https://crm.example/media/abc.jpg');
  });

  it('sends no reporter field when none is chosen or the reporter gave none', () => {
    expect(Object.values(wo({}).data)).not.toContain('Ada Lovelace');
    const r = wo({ workOrderReporterNameField: 'Text1', workOrderReporterEmailField: 'Text2' }, { issue: { ...baseIssue, reporterName: null, reporterEmail: '  ' } });
    expect(r.data).not.toHaveProperty('Text1');
    expect(r.data).not.toHaveProperty('Text2');
  });
});

describe('buildCreateRequest: caller first name and custom-field templates', () => {
  const ALL = '{issueNumber}|{category}|{organization}|{summary}|{description}|{reporterName}|{reporterEmail}|{address}|{answers}|{lat}|{lng}|{unknown}';
  const answers = [
    { remoteAnswerId: '155', value: 'Exterior', sequence: 2 },
    { remoteAnswerId: null, value: 'Blue car parked over it', sequence: 3 },
    { remoteAnswerId: '154', value: 'Interior', sequence: 1 },
  ];

  it('sends the configured caller first name and fills every template variable, in the exact SR payload', () => {
    const r = buildCreateRequest(
      input({
        answers,
        verifiedAddress: '100 N Main St, Springfield',
        integration: {
          srid: 3857,
          settings: readSettings({
            callerFirstName: 'Springfield 311',
            customFields: [
              { field: 'Text7', kind: 'template', value: ALL },
              { field: 'cf:88', kind: 'template', value: 'Call {reporterName} <{reporterEmail}> at {address}' },
            ],
          }),
        },
      }),
    );
    expect(r.data).toEqual({
      Text7: '4217|Pothole|City of Springfield|Pothole on Main|Deep, near the crosswalk|Ada Lovelace|ada@example.org|100 N Main St, Springfield|Interior; Exterior; Blue car parked over it|39.7817|-89.6501|{unknown}',
      ProblemSid: 101,
      CallerFirstName: 'Springfield 311',
      CallerLastName: 'Ada Lovelace',
      CallerEmail: 'ada@example.org',
      Details: 'Pothole on Main\nDeep, near the crosswalk',
      X: expect.closeTo(MERC_X, 3),
      Y: expect.closeTo(MERC_Y, 3),
      Address: '100 N Main St, Springfield',
      InitiatedByApp: 'CivicBridge',
      OtherSystemId: '4217',
      Answers: [
        { AnswerId: 154, AnswerValue: 'Interior' },
        { AnswerId: 155, AnswerValue: 'Exterior' },
      ],
      CustomFieldValues: { '88': 'Call Ada Lovelace <ada@example.org> at 100 N Main St, Springfield' },
    });
  });

  it('renders absent values as empty text (an anonymous report with no address)', () => {
    const r = buildCreateRequest(
      input({
        issue: { ...baseIssue, description: '', address: null, reporterName: null, reporterEmail: null },
        integration: { srid: 3857, settings: readSettings({ customFields: [{ field: 'Text7', kind: 'template', value: ALL }] }) },
      }),
    );
    expect(r.data.Text7).toBe('4217|Pothole|City of Springfield|Pothole on Main||||||39.7817|-89.6501|{unknown}');
    expect(r.data.CallerFirstName).toBe('Civic Bridge 311 CRM');
    expect(r.data).not.toHaveProperty('CallerLastName');
  });

  it('fills the same templates on a work order, which has no caller', () => {
    const r = buildCreateRequest(
      input({
        category: { remoteKind: 'WORK_ORDER', remoteCode: '301', name: 'Street repair' },
        answers,
        integration: { srid: 3857, settings: readSettings({ callerFirstName: 'Springfield 311', customFields: [{ field: 'Text8', kind: 'template', value: '{summary} ({reporterEmail}) @ {lat},{lng}: {answers}' }] }) },
      }),
    );
    expect(r.data).toEqual({
      Text8: 'Pothole on Main (ada@example.org) @ 39.7817,-89.6501: Interior; Exterior; Blue car parked over it',
      Text20: '4217',
      WOTemplateId: '301',
      EntityType: 'STREET',
      X: expect.closeTo(MERC_X, 3),
      Y: expect.closeTo(MERC_Y, 3),
      Address: '100 Main St',
      Comments: 'Pothole on Main\nDeep, near the crosswalk',
      InitiatedByApp: 'CivicBridge',
    });
  });

  it('refuses an empty or overlong caller first name', () => {
    expect(() => readSettings({ callerFirstName: '  ' })).toThrow();
    expect(() => readSettings({ callerFirstName: 'x'.repeat(51) })).toThrow();
  });
});

describe('workOrderFieldConflicts', () => {
  it('refuses the issue-number field for the image URL or the reporter, and one field for two values', () => {
    expect(workOrderFieldConflicts(readSettings({ imageUrlField: 'Text20' }))).toEqual([{ path: ['imageUrlField'], message: expect.stringMatching(/Text20 carries our issue number/) }]);
    expect(workOrderFieldConflicts(readSettings({ workOrderIssueNumberField: 'Text5', workOrderReporterNameField: 'Text5' }))[0]?.path).toEqual(['workOrderReporterNameField']);
    expect(workOrderFieldConflicts(readSettings({ imageUrlField: 'Text3', workOrderReporterEmailField: 'Text3' }))).toEqual([{ path: ['workOrderReporterEmailField'], message: expect.stringMatching(/Text3 already carries the image URL/) }]);
    expect(workOrderFieldConflicts(readSettings({ imageUrlField: 'Text3', workOrderReporterNameField: 'Text1', workOrderReporterEmailField: 'Text2' }))).toEqual([]);
  });
});
