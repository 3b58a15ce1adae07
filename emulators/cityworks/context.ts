import type { DataArgs } from './data-args';
import { serviceError } from './envelope';
import { project, sameWkid, UnknownWkidError } from './projection';
import type { StateStore } from './state-store';
import type { CityworksVersion, UserRecord } from './types';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** What every operation needs: the records and the site's settings. */
export interface SiteContext {
  store: StateStore;
  siteWkid: number;
  version: CityworksVersion;
}

/** One authenticated service call. */
export interface ServiceCall extends SiteContext {
  args: DataArgs;
  /** The token's user; null only on authentication endpoints. */
  user: UserRecord | null;
  files: UploadedFile[];
  tokenTtlMs: number;
  online: boolean;
  /** Cityworks Online tokens handed out by CityworksOnlineAuthenticate, to EmployeeSid. */
  onlineSessions: Map<string, number>;
}

export type ServiceResult = { value: unknown } | { raw: { contentType: string; body: Buffer; filename: string } };

export interface RouteDef {
  /** Canonical `Module/Service/Method`, e.g. 'Ams/ServiceRequest/Create'. */
  path: string;
  /** Needs a valid token. */
  auth: boolean;
  /** Answers with the old `{Status, Message, Value}` envelope. */
  short?: boolean;
  /** Adds `WebServiceRequestId` to the envelope. */
  verified?: boolean;
  /** Served only by these versions; all when omitted. */
  versions?: readonly CityworksVersion[];
  /** Served only in Cityworks Online mode. */
  onlineOnly?: boolean;
  handler: (call: ServiceCall) => ServiceResult;
}

export function findEmployee(ctx: SiteContext, sid: number | undefined): UserRecord | undefined {
  return sid === undefined ? undefined : ctx.store.state.users.find((u) => u.EmployeeSid === sid);
}

/**
 * X/Y given with a WKID (or WKT-less Esri alias) other than the site's are projected into the site
 * SR; without one they are taken as already in the site SR, unchecked, as Cityworks does.
 */
export function siteXY(ctx: SiteContext, args: DataArgs, service: string): { x: number; y: number } | undefined {
  const x = args.num('X');
  const y = args.num('Y');
  if (x === undefined || y === undefined) return undefined;
  const wkid = args.num('WKID');
  if (wkid === undefined || sameWkid(wkid, ctx.siteWkid)) return { x, y };
  try {
    return project(x, y, wkid, ctx.siteWkid);
  } catch (e) {
    if (e instanceof UnknownWkidError) throw serviceError(service, 9, 'InvalidActivityMapLogicXY', `Cannot project X/Y from WKID ${wkid}`);
    throw e;
  }
}

export function requireWriter(user: UserRecord | null, service: string, code: number, name: string): UserRecord {
  if (!user || !user.CanCreate) throw serviceError(service, code, name, 'The user does not have permission for this operation');
  return user;
}
