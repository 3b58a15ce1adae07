import type { ServerResponse } from 'node:http';
import { isRecord } from './data-args';
import { CityworksServiceError } from './envelope';
import type { HttpInput } from './http-input';
import type { StaffActions } from './staff-actions';
import { renderStaffPage } from './staff-page';

/** True when a browser form posted this, so the answer is a redirect back to the page. */
function fromHtmlForm(input: HttpInput): boolean {
  return /application\/x-www-form-urlencoded/i.test(input.headers['content-type'] ?? '');
}

function bodyOf(input: HttpInput): Record<string, unknown> {
  if (fromHtmlForm(input)) return { ...input.form };
  if (input.body.length === 0) return {};
  const parsed: unknown = JSON.parse(input.body.toString('utf8'));
  if (!isRecord(parsed)) throw new StaffInputError('Expected a JSON object');
  return parsed;
}

class StaffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffInputError';
  }
}

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw new StaffInputError(`'${key}' is required`);
}

const optStr = (body: Record<string, unknown>, key: string): string | undefined => (typeof body[key] === 'string' && body[key] !== '' ? (body[key] as string) : undefined);

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

/** `/{site}/_staff/...`: the city's side, with no Cityworks authentication. */
export function handleStaff(input: HttpInput, rest: string, site: string, actions: StaffActions, res: ServerResponse): void {
  const parts = rest.split('/').filter((p) => p !== '');
  try {
    if (input.method === 'GET' && parts.length === 0) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderStaffPage(site, actions));
      return;
    }
    const [collection, id, action] = parts;
    if (input.method === 'GET' && parts.length === 1 && collection === 'requests') return json(res, 200, actions.listRequests());
    if (input.method === 'GET' && parts.length === 1 && collection === 'workorders') return json(res, 200, actions.listWorkOrders());
    if (input.method !== 'POST' || (collection !== 'requests' && collection !== 'workorders')) return json(res, 404, { error: 'Not found' });
    const body = bodyOf(input);
    let result: unknown;
    if (collection === 'requests') {
      const n = Number(id);
      if (id === undefined) result = actions.createRequest(body);
      else if (action === 'close') result = actions.closeRequest(n);
      else if (action === 'cancel') result = actions.cancelRequest(n, optStr(body, 'reason'));
      else if (action === 'reopen') result = actions.reopenRequest(n);
      else if (action === 'status') result = actions.setRequestStatus(n, str(body, 'status'));
      else if (action === 'field') result = actions.setRequestField(n, str(body, 'field'), body.value);
      else if (action === 'comments') result = actions.addRequestComment(n, str(body, 'text'));
      else if (action === 'attachments') {
        result = actions.addRequestAttachment(n, { filename: str(body, 'filename'), contentType: optStr(body, 'contentType') ?? 'application/octet-stream', base64: str(body, 'base64'), comment: optStr(body, 'comment') });
      } else return json(res, 404, { error: `Unknown action ${action ?? ''}` });
    } else {
      const w = id ?? '';
      if (id === undefined) result = actions.createWorkOrder(body);
      else if (action === 'close') result = actions.closeWorkOrder(w);
      else if (action === 'cancel') result = actions.cancelWorkOrder(w, optStr(body, 'reason'));
      else if (action === 'reopen') result = actions.reopenWorkOrder(w);
      else if (action === 'status') result = actions.setWorkOrderStatus(w, str(body, 'status'));
      else if (action === 'field') result = actions.setWorkOrderField(w, str(body, 'field'), body.value);
      else if (action === 'comments') result = actions.addWorkOrderComment(w, str(body, 'text'));
      else if (action === 'attachments') {
        result = actions.addWorkOrderAttachment(w, { filename: str(body, 'filename'), contentType: optStr(body, 'contentType') ?? 'application/octet-stream', base64: str(body, 'base64'), comment: optStr(body, 'comment') });
      } else return json(res, 404, { error: `Unknown action ${action ?? ''}` });
    }
    if (fromHtmlForm(input)) {
      res.writeHead(303, { location: `/${site}/_staff/` });
      res.end();
      return;
    }
    json(res, 200, result);
  } catch (e) {
    if (e instanceof CityworksServiceError) return json(res, e.code === 2 ? 404 : 400, { error: e.displayText, code: e.code, name: e.codeName });
    if (e instanceof StaffInputError || e instanceof SyntaxError) return json(res, 400, { error: e.message });
    throw e;
  }
}
