import type { PgBoss } from 'pg-boss';
import type { Db } from '@/lib/db';
import { organizationIdBySlug } from '@/lib/crm/report-lookups';
import { reportRefusalMessage, takeAnonymousReportSlots } from '@/lib/crm/report-rate-limit';
import { clientAddress } from '@/lib/http/client-address';
import { HttpError } from '@/lib/http/errors';
import { createRequest, findRequests, type Open311Deps } from './requests';
import { errorResponse, Open311Error, respond, splitFormat, type Open311Format } from './respond';
import { listServices, serviceDefinition } from './services';

/**
 * GeoReport v2 for one organization, below `/open311/v2/{org}/`: `services.{fmt}`,
 * `services/{code}.{fmt}`, `requests.{fmt}` (GET, POST), `requests/{id}.{fmt}`. `api_key` is
 * accepted and not required: reports are anonymous like the web form, and rate-limited the same way.
 */
export async function handleOpen311(db: Db, boss: () => Promise<PgBoss>, req: Request, orgSlug: string, path: readonly string[], deps: Open311Deps = {}): Promise<Response> {
  const last = path[path.length - 1] ?? '';
  const split = splitFormat(last);
  const format: Open311Format = split?.format ?? 'json';
  try {
    if (!split) throw new Open311Error(404, 'Unknown endpoint: add .json or .xml');
    const organizationId = await organizationIdBySlug(db, orgSlug);
    if (!organizationId) throw new Open311Error(404, `Unknown jurisdiction ${orgSlug}`);
    const org = { id: organizationId };
    const route = [...path.slice(0, -1), split.name];
    const method = req.method.toUpperCase();
    if (route.length === 1 && route[0] === 'services' && method === 'GET') return respond(format, 'services', await listServices(db, org.id));
    if (route.length === 2 && route[0] === 'services' && method === 'GET') return respond(format, 'service_definition', await serviceDefinition(db, org.id, route[1]!));
    if (route.length === 1 && route[0] === 'requests' && method === 'GET') {
      return respond(format, 'service_requests', await findRequests(db, org.id, new URL(req.url).searchParams));
    }
    if (route.length === 2 && route[0] === 'requests' && method === 'GET') {
      return respond(format, 'service_requests', await findRequests(db, org.id, new URL(req.url).searchParams, route[1]!));
    }
    if (route.length === 1 && route[0] === 'requests' && method === 'POST') {
      const refused = await takeAnonymousReportSlots(db, org.id, clientAddress(req.headers));
      if (refused) throw new Open311Error(429, reportRefusalMessage(refused));
      const form = await req.formData().catch((err: unknown) => {
        // A body over the route's limit stays a 413 (lib/http/body.ts caps it while it streams).
        if (err instanceof HttpError) throw new Open311Error(err.status, err.message);
        throw new Open311Error(400, 'Send the request as application/x-www-form-urlencoded or multipart/form-data');
      });
      return respond(format, 'service_requests', await createRequest(db, await boss(), org.id, form, deps), 201);
    }
    throw new Open311Error(route[0] === 'services' || route[0] === 'requests' ? 405 : 404, `No ${method} ${route.join('/')}`);
  } catch (err) {
    if (err instanceof Open311Error) return errorResponse(format, err.status, err.message);
    console.error('open311 error', err);
    return errorResponse(format, 500, 'Internal error');
  }
}
