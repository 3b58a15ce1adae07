/** The API's error envelope, flattened for a form: the message and per-field messages. */
export interface SendError {
  message: string;
  fields: Record<string, string>;
}

export async function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown): Promise<{ ok: true; data: T } | { ok: false; error: SendError }> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { ok: false, error: { message: 'The server could not be reached. Try again.', fields: {} } };
  }
  const json = (await res.json().catch(() => null)) as { error?: { message?: string; details?: unknown } } | null;
  if (res.ok) return { ok: true, data: json as T };
  const fields: Record<string, string> = {};
  if (Array.isArray(json?.error?.details)) {
    for (const d of json.error.details as { path?: string; message?: string }[]) if (d.path && d.message) fields[d.path] ??= d.message;
  }
  return { ok: false, error: { message: json?.error?.message ?? `Request failed (${res.status}).`, fields } };
}
