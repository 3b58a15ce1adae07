import { z } from 'zod';
import { canonicalTimeZone } from './time-zones';

/**
 * The integration's mappings, messages, schedules and switches (Integration.settings, JSON).
 * One schema for the admin forms (client and server) and the sync engine, so what is saved is
 * what the workers read. Every field has a default: an empty object is a valid configuration.
 */
export const TEXT_FIELDS = Array.from({ length: 20 }, (_, i) => `Text${i + 1}`) as [string, ...string[]];

export const MESSAGE_PLACEHOLDERS = ['remoteId', 'remoteKind', 'issueNumber', 'organization', 'category', 'status', 'value', 'field'] as const;

/**
 * What a custom-field template can use (lib/sync/build-create-request.ts fills them). `address` is
 * the verified address when the geocoder found one, else the reported one; `answers` the answers in
 * question order, joined by "; "; `lat`/`lng` the reported point in WGS84. An absent value renders
 * as empty text.
 */
export const CUSTOM_FIELD_PLACEHOLDERS = ['issueNumber', 'category', 'organization', 'summary', 'description', 'reporterName', 'reporterEmail', 'address', 'answers', 'lat', 'lng'] as const;

/** The caller first name on every service request we create (the documents' "SeeClickFix 311 CRM"). */
export const DEFAULT_CALLER_FIRST_NAME = 'Civic Bridge 311 CRM';

const statusList = z.array(z.string().trim().min(1).max(50)).max(50);
const statusMessages = z.object({
  default: z.string().trim().min(1).max(2000),
  byStatus: z.record(z.string().trim().min(1).max(50), z.string().trim().min(1).max(2000)).default({}),
});

export const customFieldSchema = z.object({
  // A Cityworks request field such as Text5, Num2, Priority or a CustomFieldValues id ("cf:123").
  field: z.string().trim().regex(/^([A-Za-z][A-Za-z0-9]{0,40}|cf:\d+)$/, 'a Cityworks field name such as Text5, or cf:<custom field id>'),
  kind: z.enum(['fixed', 'template']),
  value: z.string().max(2000),
});

export const integrationSettingsSchema = z.object({
  // When the list is empty, Cityworks' IsClosed flag decides instead (remote-state.ts outcomeOf).
  closedStatuses: statusList.default(['CLOSED']),
  canceledStatuses: statusList.default(['CANCEL']),
  observedField: z
    .object({ field: z.string().trim().min(1).max(50), message: z.string().trim().min(1).max(2000) })
    .nullable()
    .default(null),
  imageUrlField: z.enum(TEXT_FIELDS).nullable().default(null),
  customFields: z.array(customFieldSchema).max(50).default([]),
  messages: z
    .object({
      acknowledgment: z.string().trim().min(1).max(2000).default('Thank you for your report. It is now {remoteKind} #{remoteId} in our work system.'),
      closing: statusMessages.default({ default: 'This request has been completed. Thank you for reporting it.', byStatus: {} }),
      cancel: statusMessages.default({ default: 'This request was not accepted by the crew and has been reopened for review.', byStatus: {} }),
    })
    .default({
      acknowledgment: 'Thank you for your report. It is now {remoteKind} #{remoteId} in our work system.',
      closing: { default: 'This request has been completed. Thank you for reporting it.', byStatus: {} },
      cancel: { default: 'This request was not accepted by the crew and has been reopened for review.', byStatus: {} },
    }),
  schedules: z
    .object({
      categorySyncMinutes: z.number().int().min(5).max(10_080).default(60),
      questionSyncMinutes: z.number().int().min(5).max(10_080).default(60),
      pollIntervalSeconds: z.number().int().min(15).max(86_400).default(60),
      requestImportMinutes: z.number().int().min(1).max(10_080).default(15),
    })
    .default({ categorySyncMinutes: 60, questionSyncMinutes: 60, pollIntervalSeconds: 60, requestImportMinutes: 15 }),
  switches: z
    .object({
      importRequests: z.boolean().default(false),
      importComments: z.boolean().default(true),
      importImages: z.boolean().default(true),
      autoSyncQuestions: z.boolean().default(true),
      // Off: a remote cancel is only a status (the closing rule applies to it like to any other);
      // the issue is not reopened and the record stays polled.
      handleCancel: z.boolean().default(true),
    })
    .default({ importRequests: false, importComments: true, importImages: true, autoSyncQuestions: true, handleCancel: true }),
  callerFirstName: z.string().trim().min(1).max(50).default(DEFAULT_CALLER_FIRST_NAME),
  publicCommentPrefix: z.string().trim().min(1).max(50).default('To SCF:'),
  // WO templates have no public flag in Cityworks: the integration lists the ones to offer.
  workOrderTemplates: z.array(z.string().trim().min(1).max(50)).max(500).default([]),
  workOrderEntityType: z.string().trim().min(1).max(50).default('STREET'),
  // Work orders have no OtherSystemId: our issue number goes to this text field, and a retried create
  // searches it before creating again. It must not also carry the image URL or reporter fields
  // (workOrderFieldConflicts).
  workOrderIssueNumberField: z.enum(TEXT_FIELDS).default('Text20'),
  // Work orders have no caller record: the reporter's name and email go where the city chooses.
  workOrderReporterNameField: z.enum(TEXT_FIELDS).nullable().default(null),
  workOrderReporterEmailField: z.enum(TEXT_FIELDS).nullable().default(null),
  maxConcurrentCalls: z.number().int().min(1).max(20).default(4),
  // Cityworks writes dates in the server's local time with no zone: the client needs the zone to
  // read them (DateTimeInit windows for request import, close and comment dates). An IANA zone from
  // the runtime's list, stored under its canonical name so an alias and its zone compare equal.
  serverTimeZone: z
    .string()
    .trim()
    .transform((tz, ctx) => {
      const canonical = canonicalTimeZone(tz);
      if (canonical) return canonical;
      ctx.addIssue({ code: 'custom', message: 'an IANA time zone from the list, such as America/Chicago' });
      return z.NEVER;
    })
    .default('UTC'),
});

export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

/** Stored JSON -> settings, filling defaults. Invalid stored JSON is a bug, not user input: throw. */
export function readSettings(json: unknown): IntegrationSettings {
  return integrationSettingsSchema.parse(json ?? {});
}

export interface SettingsConflict {
  path: (keyof IntegrationSettings)[];
  message: string;
}

/**
 * Work order text fields that would overwrite each other: the issue-number field, the image URL
 * field and the reporter fields must all differ. Checked only when the integration creates work
 * orders (an SR-only city may use Text20 for images), so it is not part of the schema itself.
 */
export function workOrderFieldConflicts(s: IntegrationSettings): SettingsConflict[] {
  const conflicts: SettingsConflict[] = [];
  const named: [keyof IntegrationSettings, string, string | null][] = [
    ['imageUrlField', 'the image URL', s.imageUrlField],
    ['workOrderReporterNameField', 'the reporter name', s.workOrderReporterNameField],
    ['workOrderReporterEmailField', 'the reporter email', s.workOrderReporterEmailField],
  ];
  for (const [i, [key, what, field]] of named.entries()) {
    if (field === null) continue;
    if (field === s.workOrderIssueNumberField) {
      conflicts.push({ path: [key], message: `${field} carries our issue number on work orders; choose another field for ${what}.` });
      continue;
    }
    const earlier = named.slice(0, i).find(([, , f]) => f === field);
    if (earlier) conflicts.push({ path: [key], message: `${field} already carries ${earlier[1]}; choose another field for ${what}.` });
  }
  return conflicts;
}
