import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Db } from '@/lib/db';
import { AddressSearchError, locateAddress } from '@/lib/crm/address-search';
import { publicMediaUrl } from '@/lib/crm/media-input';
import { recentReportForm, recentServiceCodes } from '@/lib/crm/report-lookups';
import { InvalidReport, submitReport } from '@/lib/crm/submit-report';
import { Open311Error } from './respond';
import { loadServiceCodes } from './service-codes';
import { present } from './services';

const fieldsSchema = z.object({
  service_code: z.string().min(1, 'service_code is required'),
  lat: z.coerce.number({ message: 'lat must be a number' }).min(-90).max(90),
  long: z.coerce.number({ message: 'long must be a number' }).min(-180).max(180),
  address_string: z.string().max(500).optional(),
  email: z.string().max(320).optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  description: z.string().max(10_000).optional(),
});

function firstIssue(err: z.ZodError): string {
  const i = err.issues[0];
  if (!i) return 'Invalid request';
  const field = i.path.join('.');
  return i.code === 'invalid_type' && i.input === undefined ? `${field} is required` : `${field}: ${i.message}`;
}

/**
 * GeoReport v2 lets a client locate a request by `address_string` alone: the organization's own
 * geocoder places it, or the client is told plainly why it must send lat and long.
 */
async function locate(db: Db, organizationId: string, address: string, deps: Open311Deps): Promise<{ lat: string; long: string; address: string }> {
  let found;
  try {
    found = await locateAddress(db, organizationId, address, deps);
  } catch (err) {
    if (!(err instanceof AddressSearchError)) throw err;
    if (err.code === 'GEOCODER_FAILED') throw new Open311Error(503, 'The geocoder that locates address_string is not answering; try again later or send lat and long');
    throw new Open311Error(400, 'This jurisdiction has no geocoder to locate address_string; send lat and long');
  }
  if (!found) throw new Open311Error(400, `address_string "${address}" matched no address; send lat and long`);
  return { lat: String(found.lat), long: String(found.lng), address: found.address };
}

export interface Open311Deps {
  /** Tests point the geocoder at an instrumented fetch. */
  fetch?: typeof fetch;
}

/** POST requests: form fields (attribute[code]=value) to a report through submitReport, source OPEN311. */
export async function createRequest(db: Db, boss: PgBoss, organizationId: string, form: FormData, deps: Open311Deps = {}) {
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' && v.trim() !== '' ? v : undefined;
  };
  let point = { lat: get('lat'), long: get('long'), address: get('address_string') };
  if (!point.lat && !point.long && !point.address && get('address_id')) throw new Open311Error(400, 'address_id is not supported here; send lat and long or address_string');
  const shapeOnly = fieldsSchema.pick({ service_code: true, address_string: true }).safeParse({ service_code: get('service_code'), address_string: point.address });
  if (!shapeOnly.success) throw new Open311Error(400, firstIssue(shapeOnly.error));
  // Both at most REPORT_LOOKUP_TTL_MS old; the write checks the category again (lib/crm/report-lookups.ts).
  const codes = await recentServiceCodes(db, organizationId);
  const requestTypeId = codes.categoryOf(shapeOnly.data.service_code);
  const type = requestTypeId ? (await recentReportForm(db, organizationId, requestTypeId))?.form : null;
  if (!type) throw new Open311Error(404, `Unknown service_code ${shapeOnly.data.service_code}`);
  // Geocoded only after the cheap checks, so a bad service_code never costs a locator call.
  if (!point.lat && !point.long && point.address) point = await locate(db, organizationId, point.address, deps);
  const parsed = fieldsSchema.safeParse({
    service_code: get('service_code'),
    lat: point.lat,
    long: point.long,
    address_string: point.address,
    email: get('email'),
    first_name: get('first_name'),
    last_name: get('last_name'),
    description: get('description'),
  });
  if (!parsed.success) throw new Open311Error(400, firstIssue(parsed.error));
  const f = parsed.data;
  const answers: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    const m = /^attribute\[(.+)\]$/.exec(k);
    if (m && typeof v === 'string') answers[m[1]!] = v;
  }
  const name = [f.first_name, f.last_name].filter((s) => s && s.trim()).join(' ').trim();
  const description = f.description?.trim() ?? '';
  const summary = (description.split('\n')[0] ?? '').slice(0, 200).trim() || type.name;
  try {
    const created = await submitReport(db, boss, organizationId, 'OPEN311', {
      requestTypeId: type.requestTypeId,
      lat: f.lat,
      lng: f.long,
      summary,
      description,
      address: f.address_string?.trim() || null,
      reporterName: name || null,
      reporterEmail: f.email?.trim() || null,
      answers,
    });
    return [{ service_request_id: String(created.number) }];
  } catch (err) {
    if (err instanceof InvalidReport) throw new Open311Error(err.kind === 'unknown-category' ? 404 : 400, err.message);
    if (err instanceof z.ZodError) throw new Open311Error(400, firstIssue(err));
    throw err;
  }
}

const querySchema = z.object({
  service_request_id: z.string().optional(),
  service_code: z.string().optional(),
  start_date: z.iso.datetime({ offset: true, message: 'start_date must be a w3c datetime' }).optional(),
  end_date: z.iso.datetime({ offset: true, message: 'end_date must be a w3c datetime' }).optional(),
  status: z.enum(['open', 'closed'], { message: 'status must be open or closed' }).optional(),
});

const DEFAULT_WINDOW_MS = 90 * 24 * 3600_000;
const MAX_REQUESTS = 1000;

/** GET requests (and requests/{id}): public fields only, the newest first; the spec's default window of 90 days. */
export async function findRequests(db: Db, organizationId: string, params: URLSearchParams, onlyId?: string) {
  const parsed = querySchema.safeParse(Object.fromEntries([...params].filter(([, v]) => v !== '')));
  if (!parsed.success) throw new Open311Error(400, firstIssue(parsed.error));
  const q = parsed.data;
  const idText = onlyId ?? q.service_request_id;
  const numbers = idText ? idText.split(',').map((s) => Number(s.trim())) : null;
  if (numbers && numbers.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
    if (onlyId) throw new Open311Error(404, `Unknown service_request_id ${onlyId}`);
    throw new Open311Error(400, 'service_request_id must be a list of numbers');
  }
  const end = q.end_date ? new Date(q.end_date) : null;
  const start = q.start_date ? new Date(q.start_date) : numbers ? null : new Date((end ?? new Date()).getTime() - DEFAULT_WINDOW_MS);
  const codes = await loadServiceCodes(db, organizationId);
  // A code that names no category matches no request (not every request, as an ignored filter would).
  const serviceFilter = q.service_code && !numbers ? (codes.categoryOf(q.service_code) ?? '') : null;
  const rows = await db.issue.findMany({
    where: {
      organizationId,
      ...(numbers ? { number: { in: numbers } } : {}),
      ...(serviceFilter !== null ? { requestTypeId: serviceFilter } : {}),
      ...(q.status && !numbers ? { status: q.status === 'open' ? { in: ['OPEN', 'ACKNOWLEDGED'] } : { in: ['CLOSED', 'ARCHIVED'] } } : {}),
      ...(start || end ? { createdAt: { ...(start ? { gte: start } : {}), ...(end ? { lte: end } : {}) } } : {}),
    },
    orderBy: { number: 'desc' },
    take: MAX_REQUESTS,
    select: {
      number: true,
      status: true,
      description: true,
      summary: true,
      lat: true,
      lng: true,
      address: true,
      createdAt: true,
      updatedAt: true,
      requestTypeId: true,
      requestType: { select: { name: true, displayName: true, agency: { select: { name: true } } } },
      media: { where: { commentId: null }, take: 1, select: { id: true } },
      comments: { where: { visibility: 'PUBLIC', kind: { in: ['CLOSING', 'CANCEL', 'ACKNOWLEDGMENT', 'ACTIVITY'] } }, orderBy: { createdAt: 'desc' }, take: 1, select: { body: true } },
    },
  });
  if (onlyId && rows.length === 0) throw new Open311Error(404, `Unknown service_request_id ${onlyId}`);
  return rows.map((r) => ({
    service_request_id: String(r.number),
    status: r.status === 'CLOSED' || r.status === 'ARCHIVED' ? 'closed' : 'open',
    ...present({
      status_notes: r.comments[0]?.body,
      service_name: r.requestType ? (r.requestType.displayName ?? r.requestType.name) : undefined,
    }),
    // An issue without a category (entered by staff before categorizing) still needs the required code.
    service_code: r.requestTypeId ? codes.codeOf(r.requestTypeId) : '',
    ...present({
      description: r.description || r.summary,
      agency_responsible: r.requestType?.agency?.name,
    }),
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    ...present({
      address: r.address,
      lat: r.lat,
      long: r.lng,
      // Absolute (the configured public URL, never the request's Host): clients open it as is.
      media_url: r.media[0] ? publicMediaUrl(r.media[0].id) : undefined,
    }),
  }));
}
