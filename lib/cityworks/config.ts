export type CityworksVersion = '2013' | '2014' | '2015' | '15.0' | '15.8' | '23';

export const CITYWORKS_VERSIONS: readonly CityworksVersion[] = ['2013', '2014', '2015', '15.0', '15.8', '23'];

/** One record per HTTP call, for the sync timeline. Never carries credentials. */
export interface CallEvent {
  operation: string;
  outcome: 'ok' | 'error';
  latencyMs: number;
  httpStatus?: number;
  errorKind?: string;
  /** 1 for the first try, 2 for the single replay after a token renewal. */
  attempt?: number;
}

export interface CityworksClientConfig {
  /** Up to the site, e.g. https://host/cityworks. A URL ending in /Services or /Services/AMS is accepted too. */
  baseUrl: string;
  version: CityworksVersion;
  /** Cityworks Online: authenticate at CityworksOnlineAuthenticate first. */
  online?: boolean;
  loginName: string;
  password: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  onCall?: (e: CallEvent) => void;
  /**
   * IANA zone the Cityworks server writes its dates in (they carry no offset). Defaults to UTC,
   * which is right for Cityworks Online and wrong by hours for an on-premise server elsewhere.
   */
  serverTimeZone?: string;
  /**
   * Waits for a permit to make one HTTP exchange and resolves with its release: the integration's
   * budget of concurrent calls (lib/sync/call-slots.ts). The timeout starts once it is granted.
   */
  callSlot?: () => Promise<() => void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Strips what admins commonly paste after the site (the vendor form asks for the URL ending in
 * /Services/AMS) so that every path is built from one root.
 */
export function normalizeBaseUrl(raw: string): string {
  const url = new URL(raw.trim());
  url.search = '';
  url.hash = '';
  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(/\/services(\/(ams|general))?$/i, '');
  url.pathname = path;
  return url.toString().replace(/\/+$/, '');
}

/** 23 moved the token to an Authorization header; older versions read it from a form field. */
export function sendsTokenInHeader(version: CityworksVersion): boolean {
  return version === '23';
}

/**
 * Service path below `{base}/Services/`. 2013's "JSON API" served authentication under
 * AMS/Authentication; 2014 onwards moved it to General/Authentication.
 */
export function servicePath(version: CityworksVersion, service: string): string {
  if (version !== '2013') return service;
  // 2013 had one module for everything; both General/... and Ams/... live under AMS/.
  return `AMS/${service.split('/').slice(1).join('/')}`;
}
