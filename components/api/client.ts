/**
 * The one browser client of the app's API. Every call is same-origin (a relative URL), and every
 * request that is not multipart says `Content-Type: application/json`: the server's edge takes a
 * state-changing request only as JSON or multipart from this origin (lib/http/request-guard.ts).
 * Any failure becomes an ApiError that keeps the server's envelope: its code, its message and the
 * message of each field it named.
 */

export interface FieldMessage {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The first message the server gave for each field path (a form shows one per field). */
  readonly fields: Record<string, string>;

  constructor(
    /** The HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    /** The envelope's `details` as sent: field messages for a 400, other shapes elsewhere (e.g. refused geography parts). */
    readonly details?: unknown,
  ) {
    super(message);
    this.fields = {};
    for (const d of fieldMessagesOf(details)) this.fields[d.path] ??= d.message;
  }

  /** The server's message for one form field, if it named that field. */
  fieldMessage(path: string): string | undefined {
    return this.fields[path];
  }

  /** Every field message the server gave, in its order. */
  get fieldMessages(): FieldMessage[] {
    return fieldMessagesOf(this.details);
  }
}

/** What a form shows of a failure: the message and one message per field (an ApiError is one). */
export type FormError = Pick<ApiError, 'message' | 'fields'>;

function fieldMessagesOf(details: unknown): FieldMessage[] {
  if (!Array.isArray(details)) return [];
  return details.filter((d): d is FieldMessage => typeof d === 'object' && d !== null && typeof (d as FieldMessage).path === 'string' && typeof (d as FieldMessage).message === 'string');
}

/** The ApiError of an answer that is not 2xx, from its parsed body (null when it was not JSON). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (e && typeof e.message === 'string') return new ApiError(status, typeof e.code === 'string' ? e.code : 'error', e.message, e.details);
  return new ApiError(status, 'error', `Request failed (HTTP ${status}).`);
}

export const UNREACHABLE_MESSAGE = 'The server could not be reached. Try again.';

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart instead of `body` (the browser sets the boundary). */
  form?: FormData;
  signal?: AbortSignal;
}

/** Calls the API and returns its JSON answer (undefined for 204), or throws an ApiError. */
export async function apiFetch<T>(url: string, req: ApiRequest = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: req.method ?? 'GET',
      credentials: 'same-origin',
      ...(req.form ? { body: req.form } : { headers: { 'Content-Type': 'application/json' }, ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}) }),
      ...(req.signal ? { signal: req.signal } : {}),
    });
  } catch (err) {
    // A cancelled request is the caller's own doing, not a failure to show.
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', UNREACHABLE_MESSAGE);
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw apiErrorFrom(res.status, body);
  return body as T;
}

/** For forms that show the outcome instead of throwing: the answer, or the ApiError. */
export async function apiResult<T>(url: string, req: ApiRequest): Promise<{ ok: true; data: T } | { ok: false; error: ApiError }> {
  try {
    return { ok: true, data: await apiFetch<T>(url, req) };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err };
    throw err;
  }
}
