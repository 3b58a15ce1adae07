import type { CityworksVersion as StoredVersion } from '@/generated/prisma/enums';
import type { CityworksVersion as ClientVersion } from '@/lib/cityworks/config';

/**
 * The Cityworks versions an admin can pick, as stored (Prisma enum), as shown, and as the client
 * speaks them. 15.0 to 15.7 share one wire dialect, as do 23 and later. Browser-safe (no server imports).
 */
export const VERSION_OPTIONS = [
  { value: 'V2013', label: '2013', client: '2013' },
  { value: 'V2014', label: '2014', client: '2014' },
  { value: 'V2015', label: '2015', client: '2015' },
  { value: 'V15_0', label: '15.0 – 15.7', client: '15.0' },
  { value: 'V15_8', label: '15.8', client: '15.8' },
  { value: 'V23', label: '23 and later', client: '23' },
] as const satisfies readonly { value: StoredVersion; label: string; client: ClientVersion }[];

export const STORED_VERSIONS = VERSION_OPTIONS.map((v) => v.value) as [StoredVersion, ...StoredVersion[]];

export function clientVersion(v: StoredVersion): ClientVersion {
  return VERSION_OPTIONS.find((o) => o.value === v)!.client;
}

export function versionLabel(v: StoredVersion): string {
  return VERSION_OPTIONS.find((o) => o.value === v)!.label;
}

export const WEB_MERCATOR = 3857;

/** Why a version fixes the SRID, or null when the city's own SRID is used. */
export function requiredSridReason(v: StoredVersion): string | null {
  if (v === 'V15_8') return 'Cityworks 15.8 requires Web Mercator (SRID 3857): the vendor requires it for every integration from 15.8 on.';
  if (v === 'V23') return 'Cityworks 23 fixes the WKID to 3857 (Web Mercator): SRID must be 3857.';
  return null;
}
