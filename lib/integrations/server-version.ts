import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS, normalizeBaseUrl, type CityworksVersion } from '@/lib/cityworks/config';
import { callJson } from '@/lib/cityworks/transport';
import { guardedFetch } from '@/lib/net/guarded-fetch';

/**
 * The Cityworks build, from the unauthenticated Authentication/Version service. The client has no
 * operation for it, so this makes the one call through the client's transport (same error types,
 * same URL rules); no credentials are involved.
 */
export async function readServerVersion(opts: { baseUrl: string; version: CityworksVersion; fetch?: typeof fetch; timeoutMs?: number }): Promise<string> {
  const ctx = {
    baseUrl: normalizeBaseUrl(opts.baseUrl),
    version: opts.version,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: opts.fetch ?? guardedFetch,
    secrets: () => [],
  };
  return callJson(ctx, { operation: 'Authentication/Version', service: 'General/Authentication/Version', data: {} }, (v) => z.string().parse(v));
}
