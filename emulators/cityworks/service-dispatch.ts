import type { RouteDef, ServiceCall, ServiceResult, SiteContext } from './context';
import { DataArgs } from './data-args';
import { CityworksServiceError, errorEnvelope, okEnvelope, unauthorized, type EnvelopeOptions } from './envelope';
import { field, type HttpInput } from './http-input';
import { LenientJsonError, parseLenientJson } from './lenient-json';
import { attachmentRoutes } from './services/attachments';
import { authenticationRoutes } from './services/authentication';
import { serviceRequestRoutes } from './services/service-requests';
import { workOrderRoutes } from './services/work-orders';
import { verifyToken } from './tokens';

const ROUTES: RouteDef[] = [...authenticationRoutes, ...serviceRequestRoutes, ...workOrderRoutes, ...attachmentRoutes];
const BY_PATH = new Map<string, RouteDef[]>();
for (const r of ROUTES) BY_PATH.set(r.path.toLowerCase(), [...(BY_PATH.get(r.path.toLowerCase()) ?? []), r]);

/** Methods that only read, so a state file is not rewritten for them. */
const READ_ONLY = /^(By|Search|Problems|QA|Statuses|Comments|RequestAttachments|WorkOrderAttachments|Download|Templates|Validate|User|Version|ApiVersion|Authenticate|CallerQuestions)/i;

export interface SiteOptions extends SiteContext {
  online: boolean;
  tokenTtlMs: number;
  onlineSessions: Map<string, number>;
}

/** The route for `Module/Service/Method` as this version and mode serve it (IIS ignores case). */
export function findRoute(servicePath: string, opts: Pick<SiteOptions, 'version' | 'online'>): RouteDef | undefined {
  return BY_PATH.get(servicePath.toLowerCase().replace(/\/+$/, ''))?.find(
    (r) => (!r.versions || r.versions.includes(opts.version)) && (!r.onlineOnly || opts.online),
  );
}

/** 'Ams/ServiceRequest/Create' -> 'ServiceRequest/Create', the name calls and faults use. */
export function serviceName(route: RouteDef): string {
  return route.path.split('/').slice(1).join('/');
}

export function envelopeOptions(route: RouteDef, opts: Pick<SiteOptions, 'version'>): EnvelopeOptions {
  return { short: route.short === true || opts.version === '2013', verified: route.verified };
}

function headerToken(input: HttpInput): string | undefined {
  return /^cityworks\s+(.+)$/i.exec(input.headers.authorization ?? '')?.[1]?.trim();
}

function tokenOf(route: RouteDef, input: HttpInput, opts: SiteOptions): string | undefined {
  // 23 reads the token only from the Authorization header; a `token` parameter alone is refused.
  if (opts.version === '23') return headerToken(input);
  // Upload clients put the token in the query, a form field or the header; accept all three there.
  if (route.path.startsWith('Ams/Attachments/')) return field(input, 'token') ?? headerToken(input);
  return field(input, 'token');
}

export function parseData(input: HttpInput): { data: unknown; error?: string } {
  const raw = field(input, 'data');
  if (raw === undefined || raw.trim() === '') return { data: null };
  try {
    return { data: parseLenientJson(raw) };
  } catch (e) {
    if (e instanceof LenientJsonError) return { data: null, error: e.message };
    throw e;
  }
}

export type DispatchOutcome = { kind: 'json'; body: Record<string, unknown> } | { kind: 'raw'; contentType: string; body: Buffer; filename: string };

/** Runs one service call and returns what goes on the wire (always HTTP 200 for the service itself). */
export function dispatch(route: RouteDef, input: HttpInput, data: unknown, dataError: string | undefined, opts: SiteOptions): DispatchOutcome {
  const env = envelopeOptions(route, opts);
  const service = route.path.split('/')[1] ?? '';
  try {
    let user = null;
    if (route.auth) {
      const token = tokenOf(route, input, opts);
      user = token ? verifyToken(opts.store.state, token, opts.tokenTtlMs) : null;
      if (!user) throw unauthorized(service);
    }
    if (dataError) throw new CityworksServiceError(1, 30, 'InvalidField', `Could not parse data: ${dataError}`, service);
    const call: ServiceCall = {
      store: opts.store, siteWkid: opts.siteWkid, version: opts.version, args: DataArgs.from(data), user, files: input.files,
      tokenTtlMs: opts.tokenTtlMs, online: opts.online, onlineSessions: opts.onlineSessions,
    };
    const result: ServiceResult = route.handler(call);
    if (!READ_ONLY.test(route.path.split('/')[2] ?? '')) opts.store.save();
    if ('raw' in result) return { kind: 'raw', ...result.raw };
    return { kind: 'json', body: okEnvelope(result.value, env) };
  } catch (e) {
    if (e instanceof CityworksServiceError) return { kind: 'json', body: errorEnvelope(e, env) };
    throw e;
  }
}
