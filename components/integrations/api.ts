/** Browser-side JSON calls to the integration API, with the server's error envelope kept intact. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server's message for one form field, if it named that field. */
  fieldMessage(path: string): string | undefined {
    return this.details.find((d) => d.path === path)?.message;
  }
}

export async function apiJson<T>(url: string, init?: { method: string; body?: unknown }): Promise<T> {
  const res = await fetch(url, {
    method: init?.method ?? 'GET',
    headers: init?.body !== undefined ? { 'Content-Type': 'application/json' } : {},
    ...(init?.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const details = Array.isArray(err?.details) ? (err.details as { path: string; message: string }[]) : [];
    throw new ApiError(res.status, err?.code ?? 'error', err?.message ?? `Request failed (HTTP ${res.status}).`, details);
  }
  return body as T;
}

export const integrationUrl = (org: string, part = '') => `/api/orgs/${encodeURIComponent(org)}/integrations${part ? `/${part}` : ''}`;
export const integrationKeys = {
  all: (org: string) => ['integration', org] as const,
  view: (org: string) => ['integration', org, 'view'] as const,
  audit: (org: string) => ['integration', org, 'audit'] as const,
  statuses: (org: string) => ['integration', org, 'statuses'] as const,
  srid: (org: string, srid: number) => ['integration', org, 'srid', srid] as const,
};
