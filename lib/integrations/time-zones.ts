/**
 * The IANA time zones this runtime knows (Intl.supportedValuesOf), for the Cityworks server's zone.
 * Node and browsers leave "UTC" out of that list (it is an alias of Etc/UTC there), yet it is the
 * default and what a cloud-hosted server usually runs in, so it is added.
 */
export function ianaTimeZones(): string[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  return [...zones].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}

let known: ReadonlySet<string> | null = null;

/**
 * The zone's canonical IANA name ("US/Central" -> "America/Chicago", "utc" -> "UTC"), or null when it
 * is not an IANA zone of the list (a typo, an offset such as "+05:00", a Windows name).
 */
export function canonicalTimeZone(value: string): string | null {
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: value.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  known ??= new Set(ianaTimeZones());
  return known.has(canonical) ? canonical : null;
}
