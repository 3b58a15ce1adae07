import type { ZodError } from 'zod';
import type { ApiError } from '@/components/api/client';

/** Field errors from the browser-side zod check or, failing that, from the server's 400 details. */
export function fieldErrors(local: ZodError | null, server: ApiError | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of server?.fieldMessages ?? []) out[d.path] ??= d.message;
  for (const i of local?.issues ?? []) out[i.path.join('.')] ??= i.message;
  return out;
}
