import type { MultiPolygon, Polygon } from 'geojson';
import type { RemoteServiceRequest } from '@/lib/cityworks';
import type { Db } from '@/lib/db';
import { buildPointIndex } from '@/lib/geo/point-index';
import { projectToWgs84 } from '@/lib/geo/projection';
import { INITIATED_BY_APP } from './build-create-request';
import { readCursor } from './cursors';
import { runInboundStream, type InboundStreamOptions } from './inbound/run-stream';

/**
 * SRs created in Cityworks itself (not by us) inside an agency's geography become Acknowledged
 * issues linked to their SR. Cityworks has no modified-since filter, so the stream searches by
 * DateTimeInit from its cursor minus an overlap window (late commits, clock skew between us and the
 * server); what the overlap sees twice is skipped because it is already linked (RemoteLink is
 * unique per integration, environment, kind and id), so runs never duplicate.
 * "Ours" means InitiatedByApp is ours, or the OtherSystemId is one of our issue numbers.
 * Holes in a geography are respected (lib/geo/point-index).
 */

export const OVERLAP_MS = 15 * 60_000;
/** The first run looks back this far. */
export const FIRST_LOOKBACK_MS = 24 * 3600_000;

export interface ImportResult {
  searched: number;
  imported: number;
  alreadyLinked: number;
  ours: number;
  outside: number;
  closed: number;
  noLocation: number;
}

function isOurs(r: RemoteServiceRequest, ourNumbers: Set<string>): boolean {
  return r.initiatedByApp.trim().toUpperCase() === INITIATED_BY_APP.toUpperCase() || (r.otherSystemId.trim() !== '' && ourNumbers.has(r.otherSystemId.trim()));
}

export async function importRequests(db: Db, integrationId: string, opts: InboundStreamOptions = {}): Promise<ImportResult> {
  return runInboundStream(db, integrationId, 'import-requests', opts, async ({ remote, startedAt, progress }) => {
    const result: ImportResult = { searched: 0, imported: 0, alreadyLinked: 0, ours: 0, outside: 0, closed: 0, noLocation: 0 };
    const { integration, settings, client, environment } = remote;
    if (!settings.switches.importRequests || integration.mode === 'WORK_ORDERS') return { result, record: null };
    const previous = await readCursor(db, integrationId, 'import-requests');
    const lastInit = previous.cursor.initBegin ? new Date(previous.cursor.initBegin) : null;
    const windowStart = new Date((lastInit?.getTime() ?? startedAt.getTime() - FIRST_LOOKBACK_MS + OVERLAP_MS) - OVERLAP_MS);
    await progress(0, null, 'Searching Cityworks');

    const ids = await client.serviceRequests.search({ dateTimeInitBegin: windowStart, closed: false, canceled: false });
    result.searched = ids.length;
    const linked = new Set(
      (
        await db.remoteLink.findMany({
          where: { integrationId, environment, remoteKind: 'SERVICE_REQUEST', remoteId: { in: ids.map(String) } },
          select: { remoteId: true },
        })
      ).map((l) => l.remoteId),
    );
    const fresh = ids.filter((id) => !linked.has(String(id)));
    result.alreadyLinked = ids.length - fresh.length;
    const records = fresh.length > 0 ? await client.serviceRequests.byIds(fresh) : [];

    const otherIds = records.map((r) => r.otherSystemId.trim()).filter((v) => /^\d+$/.test(v));
    const ourNumbers = new Set(
      otherIds.length === 0
        ? []
        : (await db.issue.findMany({ where: { organizationId: integration.organizationId, number: { in: otherIds.map(Number) } }, select: { number: true } })).map((i) => String(i.number)),
    );
    const agencies = await db.agency.findMany({ where: { organizationId: integration.organizationId }, select: { id: true, geography: true }, orderBy: { name: 'asc' } });
    const index = buildPointIndex(agencies.filter((a) => a.geography !== null).map((a) => ({ id: a.id, geometry: a.geography as unknown as MultiPolygon | Polygon })));
    const categories = await db.requestType.findMany({ where: { integrationId, remoteKind: 'SERVICE_REQUEST' }, select: { id: true, remoteCode: true, agencyId: true } });
    const categoryBySid = new Map(categories.map((c) => [c.remoteCode, c]));
    // SRX/SRY are in the site's spatial reference; the integration SRID is the configured fallback.
    const siteWkid = records.length > 0 ? ((await client.preferences()).spatialReference ?? integration.srid) : integration.srid;

    let newestInit = lastInit;
    for (const r of records) {
      if (r.dateTimeInit && (!newestInit || r.dateTimeInit > newestInit)) newestInit = r.dateTimeInit;
      if (isOurs(r, ourNumbers)) {
        result.ours++;
        continue;
      }
      if (r.isClosed || r.cancelled) {
        result.closed++;
        continue;
      }
      if (r.x === null || r.y === null) {
        result.noLocation++;
        continue;
      }
      const { lon, lat } = projectToWgs84(r.x, r.y, siteWkid);
      const category = r.problemSid !== null ? categoryBySid.get(String(r.problemSid)) : undefined;
      const inside = index.containing(lon, lat);
      // A category bound to an agency only takes reports inside that agency; otherwise any agency will do.
      const agencyOk = category?.agencyId ? inside.includes(category.agencyId) : inside.length > 0;
      if (!agencyOk) {
        result.outside++;
        continue;
      }
      const address = [r.address, r.city].map((s) => s.trim()).filter(Boolean).join(', ');
      const created = await db.$transaction(async (tx) => {
        const exists = await tx.remoteLink.findUnique({
          where: { integrationId_environment_remoteKind_remoteId: { integrationId, environment, remoteKind: 'SERVICE_REQUEST', remoteId: String(r.requestId) } },
          select: { id: true },
        });
        if (exists) return false;
        const issue = await tx.issue.create({
          data: {
            organizationId: integration.organizationId,
            requestTypeId: category?.id ?? null,
            status: 'ACKNOWLEDGED',
            source: 'REMOTE_IMPORT',
            summary: (r.description.trim() || r.problemCode || `Service Request ${r.requestId}`).slice(0, 200),
            description: r.details,
            lat,
            lng: lon,
            address: address || null,
            acknowledgedAt: startedAt,
            ...(r.dateTimeInit ? { createdAt: r.dateTimeInit } : {}),
          },
          select: { id: true },
        });
        await tx.remoteLink.create({
          data: { integrationId, issueId: issue.id, environment, remoteKind: 'SERVICE_REQUEST', remoteId: String(r.requestId), remoteStatus: r.status },
        });
        await tx.syncEvent.create({ data: { integrationId, issueId: issue.id, operation: 'import-requests:imported', outcome: 'OK', message: `Imported Service Request ${r.requestId} created in Cityworks` } });
        return true;
      });
      if (created) result.imported++;
      else result.alreadyLinked++;
    }

    return {
      result,
      record: {
        cursor: { initBegin: (newestInit ?? windowStart).toISOString(), imported: result.imported },
        windowStart,
        windowEnd: startedAt,
        done: records.length,
        total: records.length,
        message: `${result.imported} imported, ${result.outside} outside every agency, ${result.ours} ours, ${result.alreadyLinked} already linked`,
        event: { operation: 'import-requests', details: { ...result } },
      },
    };
  });
}
