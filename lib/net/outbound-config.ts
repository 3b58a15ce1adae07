import { parseAllowList, type AllowEntry } from './address-policy';

/**
 * OUTBOUND_ALLOW, parsed once on first use. lib/env.ts validates the same value at start (so a
 * typo stops the server with a clear message); this reads it without pulling in the rest of the
 * configuration, because the Cityworks and ArcGIS clients also run in scripts and benchmarks.
 */
let cached: { source: string; entries: AllowEntry[] } | null = null;

export function outboundAllowList(): AllowEntry[] {
  const source = process.env.OUTBOUND_ALLOW ?? '';
  if (cached?.source !== source) cached = { source, entries: parseAllowList(source) };
  return cached.entries;
}
