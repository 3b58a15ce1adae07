import type { CreateServiceRequestInput, CreateWorkOrderInput, WireScalar } from '@/lib/cityworks/requests';
import { createServiceRequestData, createWorkOrderData } from '@/lib/cityworks/requests';
import { projectToSrid } from '@/lib/geo/projection';
import type { CUSTOM_FIELD_PLACEHOLDERS, IntegrationSettings } from '@/lib/integrations/settings';
import { renderMessage } from '@/lib/integrations/messages';

/**
 * The one mapping from a local issue to the Cityworks create call (the spec's "Issue Field
 * Mapping" table). Pure: the submit-issue job sends what this returns, and the admin dry run shows
 * the very same payload, so what an admin previews is what Cityworks receives.
 *
 *   CallerFirstName  settings.callerFirstName (default "Civic Bridge 311 CRM", as the documents'
 *                    "SeeClickFix 311 CRM")
 *   CallerLastName   reporter name          CallerEmail  reporter email
 *   Details          summary + "\n" + description
 *   X / Y            lon / lat projected to the integration SRID (no WKID: the SRID is the site's)
 *   Address          the ArcGIS-verified address, else the reported one
 *   image URL        into the configured Text field (settings.imageUrlField)
 *   Answers          [{ AnswerId, AnswerValue }] in question order
 *   custom fields    fixed values or templates over CUSTOM_FIELD_PLACEHOLDERS ({issueNumber},
 *                    {summary}, {reporterEmail}, {address}, {answers}, {lat}, ... see templateVars)
 *   OtherSystemId    our issue number: the key a retried create looks the SR up by
 *
 * Work orders have no caller, answers or OtherSystemId: Details go to Comments, the reporter's name
 * and email go to the text fields the city chose (settings.workOrderReporter*Field), and our id
 * goes to settings.workOrderIssueNumberField (default WORK_ORDER_MARKER_FIELD), which
 * WorkOrder/Search can filter on. Nothing is written over our id: a value whose field is the
 * issue-number field (a configuration saved before the fields were checked apart) is added to the
 * Comments instead, so it is neither lost nor allowed to break the retry look-up.
 */

export const INITIATED_BY_APP = 'CivicBridge';
/** Default text field for our id on work orders (Search filters on it before a retried create). */
export const WORK_ORDER_MARKER_FIELD = 'Text20';

/** The work order text field that carries our issue number for this integration. */
export function workOrderIssueNumberField(settings: IntegrationSettings): string {
  return settings.workOrderIssueNumberField;
}

export interface CreateRequestIssue {
  number: number;
  summary: string;
  description: string;
  lat: number;
  lng: number;
  /** As reported. */
  address: string | null;
  reporterName: string | null;
  reporterEmail: string | null;
}

export interface CreateRequestAnswer {
  /** Cityworks AnswerId of the chosen option (or of the free-text answer). */
  remoteAnswerId: string | null;
  value: string;
  /** QuestionSequence: answers are sent in question order. */
  sequence: number;
}

export interface CreateRequestInput {
  issue: CreateRequestIssue;
  category: { remoteKind: 'SERVICE_REQUEST' | 'WORK_ORDER'; remoteCode: string; name: string };
  integration: { srid: number; settings: IntegrationSettings };
  organizationTitle: string;
  answers?: readonly CreateRequestAnswer[];
  /** From the reverse geocoder; wins over the reported address. */
  verifiedAddress?: string | null;
  /** Public URL of the issue's image, if it has one. */
  imageUrl?: string | null;
}

export type CreateRequest =
  | { service: 'ServiceRequest/Create'; data: Record<string, unknown>; request: CreateServiceRequestInput }
  | { service: 'WorkOrder/Create'; data: Record<string, unknown>; request: CreateWorkOrderInput };

/** Our id as written into the remote record. */
export function otherSystemIdFor(issueNumber: number): string {
  return String(issueNumber);
}

export function detailsText(summary: string, description: string): string {
  const d = description.trim();
  return d ? `${summary.trim()}\n${d}` : summary.trim();
}

/** The values a custom-field template can use; an absent one renders as empty text. */
export function templateVars(input: CreateRequestInput): Record<(typeof CUSTOM_FIELD_PLACEHOLDERS)[number], string | number> {
  const { issue } = input;
  return {
    issueNumber: issue.number,
    category: input.category.name,
    organization: input.organizationTitle,
    summary: issue.summary.trim(),
    description: issue.description.trim(),
    reporterName: issue.reporterName?.trim() ?? '',
    reporterEmail: issue.reporterEmail?.trim() ?? '',
    address: addressOf(input) ?? '',
    answers: [...(input.answers ?? [])].sort((a, b) => a.sequence - b.sequence).map((a) => a.value.trim()).filter(Boolean).join('; '),
    lat: issue.lat,
    lng: issue.lng,
  };
}

function addressOf(input: CreateRequestInput): string | undefined {
  return input.verifiedAddress?.trim() || input.issue.address?.trim() || undefined;
}

function mappedFields(input: CreateRequestInput): { fields: Record<string, WireScalar>; customFieldValues: Record<string, string> } {
  const { settings } = input.integration;
  const vars = templateVars(input);
  const fields: Record<string, WireScalar> = {};
  const customFieldValues: Record<string, string> = {};
  for (const cf of settings.customFields) {
    const value = cf.kind === 'template' ? renderMessage(cf.value, vars) : cf.value;
    if (cf.field.startsWith('cf:')) customFieldValues[cf.field.slice(3)] = value;
    else fields[cf.field] = value;
  }
  // The image URL is set after custom fields: it is the more specific mapping of the two.
  if (settings.imageUrlField && input.imageUrl) fields[settings.imageUrlField] = input.imageUrl;
  return { fields, customFieldValues };
}

function answersOf(input: CreateRequestInput): { answerId: number; answerValue: string }[] {
  return [...(input.answers ?? [])]
    .filter((a): a is CreateRequestAnswer & { remoteAnswerId: string } => a.remoteAnswerId !== null && /^\d+$/.test(a.remoteAnswerId))
    .sort((a, b) => a.sequence - b.sequence)
    .map((a) => ({ answerId: Number(a.remoteAnswerId), answerValue: a.value }));
}

// Dates are not sent, so the time zone only satisfies the signature of the wire builders.
const NO_DATES_TZ = 'UTC';

export function buildCreateRequest(input: CreateRequestInput): CreateRequest {
  const { issue } = input;
  const { x, y } = projectToSrid(issue.lng, issue.lat, input.integration.srid);
  const address = addressOf(input);
  const details = detailsText(issue.summary, issue.description);
  const otherSystemId = otherSystemIdFor(issue.number);
  const { fields, customFieldValues } = mappedFields(input);
  const hasCustomValues = Object.keys(customFieldValues).length > 0;

  if (input.category.remoteKind === 'WORK_ORDER') {
    const { settings } = input.integration;
    const markerField = workOrderIssueNumberField(settings);
    const woFields: Record<string, WireScalar> = { ...fields };
    const extraComments: string[] = [];
    const chosen: [string, string | null, string | null | undefined][] = [
      ['Image', settings.imageUrlField, input.imageUrl],
      ['Reporter name', settings.workOrderReporterNameField, issue.reporterName?.trim()],
      ['Reporter email', settings.workOrderReporterEmailField, issue.reporterEmail?.trim()],
    ];
    for (const [label, field, value] of chosen) {
      if (!field || !value) continue;
      if (field === markerField) extraComments.push(`${label}: ${value}`);
      else woFields[field] = value;
    }
    woFields[markerField] = otherSystemId;
    const request: CreateWorkOrderInput = {
      templateId: input.category.remoteCode,
      entityType: settings.workOrderEntityType,
      x,
      y,
      ...(address ? { address } : {}),
      comments: [details, ...extraComments].join('\n'),
      initiatedByApp: INITIATED_BY_APP,
      ...(hasCustomValues ? { customFieldValues } : {}),
      fields: woFields,
    };
    return { service: 'WorkOrder/Create', data: createWorkOrderData(request, NO_DATES_TZ), request };
  }

  const problemSid = Number(input.category.remoteCode);
  if (!Number.isInteger(problemSid)) throw new TypeError(`Request type code "${input.category.remoteCode}" is not a Cityworks ProblemSid`);
  const answers = answersOf(input);
  const request: CreateServiceRequestInput = {
    problemSid,
    callerFirstName: input.integration.settings.callerFirstName,
    ...(issue.reporterName?.trim() ? { callerLastName: issue.reporterName.trim() } : {}),
    ...(issue.reporterEmail?.trim() ? { callerEmail: issue.reporterEmail.trim() } : {}),
    details,
    x,
    y,
    ...(address ? { address } : {}),
    initiatedByApp: INITIATED_BY_APP,
    otherSystemId,
    ...(answers.length > 0 ? { answers } : {}),
    ...(hasCustomValues ? { customFieldValues } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
  return { service: 'ServiceRequest/Create', data: createServiceRequestData(request, NO_DATES_TZ), request };
}
