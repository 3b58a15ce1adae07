import type { Actor } from '@/lib/auth/roles';
import type { Db } from '@/lib/db';
import { canTestIntegrationConnection } from '@/lib/auth/permissions';
import { normalizeBaseUrl, sendsTokenInHeader, servicePath } from '@/lib/cityworks/config';
import { badRequest, forbidden } from '@/lib/http/errors';
import { buildCreateRequest } from '@/lib/sync/build-create-request';
import { findIntegration } from './integration-record';
import { readSettings } from './settings';
import { organizationPoint } from './srid-round-trip';
import { clientVersion } from './versions';

const MASK = '••••••••';

export interface DryRun {
  login: { url: string; data: Record<string, string> };
  create: { url: string; headers: Record<string, string>; form: Record<string, string> };
  sample: { summary: string; category: string; lon: number; lat: number };
}

/**
 * The exact Cityworks create call a sample issue would produce, from the same builder the sync
 * engine sends (lib/sync/build-create-request.ts). The password and token are masked.
 */
export async function dryRun(deps: { db: Db; actor: Actor; organizationId: string }): Promise<DryRun> {
  const { db, actor, organizationId } = deps;
  if (!canTestIntegrationConnection(actor, organizationId)) throw forbidden();
  const row = await findIntegration(db, organizationId);
  const endpoint = row ? (row.environment === 'TEST' ? row.testEndpointUrl : row.productionEndpointUrl) : null;
  if (!row || !endpoint) throw badRequest('Save the endpoint URL of the active environment first.');
  const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { title: true } });
  const wantsWorkOrder = row.mode === 'WORK_ORDERS';
  const category = await db.requestType.findFirst({
    where: { organizationId, integrationId: row.id, remoteKind: wantsWorkOrder ? 'WORK_ORDER' : 'SERVICE_REQUEST', hidden: false },
    orderBy: { name: 'asc' },
  });
  const point = (await organizationPoint(db, organizationId)) ?? { lon: -98.5795, lat: 39.8283 };
  const settings = readSettings(row.settings);
  const built = buildCreateRequest({
    issue: { number: 1042, summary: 'Pothole in the right lane', description: 'About a foot wide, near the crosswalk.', lat: point.lat, lng: point.lon, address: '1 Main St', reporterName: 'Pat Resident', reporterEmail: 'pat@example.org' },
    category: { remoteKind: wantsWorkOrder ? 'WORK_ORDER' : 'SERVICE_REQUEST', remoteCode: category?.remoteCode ?? (wantsWorkOrder ? '301' : '101'), name: category?.displayName ?? category?.name ?? 'Pothole' },
    integration: { srid: row.srid, settings },
    organizationTitle: org.title,
    imageUrl: 'https://civic-bridge.example/media/sample.jpg',
  });
  const version = clientVersion(row.version);
  const base = normalizeBaseUrl(endpoint);
  const loginName = (row.environment === 'TEST' ? row.testLoginName : row.productionLoginName) ?? '';
  const createPath = built.service === 'WorkOrder/Create' ? 'Ams/WorkOrder/Create' : 'Ams/ServiceRequest/Create';
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const form: Record<string, string> = { data: JSON.stringify(built.data) };
  if (sendsTokenInHeader(version)) headers.Authorization = `cityworks ${MASK}`;
  else form.token = MASK;
  return {
    login: { url: `${base}/Services/${servicePath(version, 'General/Authentication/Authenticate')}`, data: { LoginName: loginName, Password: MASK } },
    create: { url: `${base}/Services/${servicePath(version, createPath)}`, headers, form },
    sample: { summary: 'Pothole in the right lane', category: category?.name ?? 'Pothole (sample)', lon: point.lon, lat: point.lat },
  };
}
