import type { MultiPolygon } from 'geojson';
import type { Prisma } from '@/generated/prisma/client';
import { audit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import type { DbfRow } from '@/lib/geo/dbf';
import { ingestGeography, type IngestOptions, type IngestReport } from '@/lib/geo/ingest';
import type { BBox } from '@/lib/geo/types';
import { findAgency } from './agencies';
import { overlapsWithOtherAgencies, type AgencyOverlapShape } from './overlaps';

export interface GeographyPreview {
  fileName: string;
  geometry: MultiPolygon;
  bbox: BBox;
  report: IngestReport;
  overlaps: AgencyOverlapShape[];
  /** The first features' attributes, for the admin to check names read right (DBF encoding). */
  attributes: DbfRow[];
}

/** What is kept with the agency: the ingest report and the overlaps as they were when it was saved. */
export interface SavedGeographyReport {
  ingest: IngestReport;
  overlaps: Array<Omit<AgencyOverlapShape, 'geometry'>>;
}

/** Ingest + overlap, nothing written: what the manager sees before deciding to save. */
export async function previewGeography(
  organizationId: string,
  agencyId: string,
  fileName: string,
  bytes: Buffer,
  options: IngestOptions = {},
): Promise<GeographyPreview> {
  await findAgency(organizationId, agencyId);
  const result = await ingestGeography(bytes, fileName, {}, options);
  const overlaps = await overlapsWithOtherAgencies(organizationId, agencyId, result.geometry);
  return { fileName, geometry: result.geometry, bbox: result.bbox, report: result.report, overlaps, attributes: result.featureProperties.slice(0, 5) };
}

/**
 * Saves the geography ingested from the uploaded file itself: a geometry sent by the browser is
 * never trusted. A refused file leaves the previous geography untouched.
 */
export async function saveGeography(
  actor: Actor,
  organizationId: string,
  agencyId: string,
  fileName: string,
  bytes: Buffer,
  options: IngestOptions = {},
): Promise<GeographyPreview> {
  const preview = await previewGeography(organizationId, agencyId, fileName, bytes, options);
  const saved: SavedGeographyReport = {
    ingest: preview.report,
    overlaps: preview.overlaps.map(({ geometry: _g, ...rest }) => rest),
  };
  const before = await db.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { geographyFileName: true, geographyUpdatedAt: true } });
  await db.$transaction(async (tx) => {
    await tx.agency.update({
      where: { id: agencyId },
      data: {
        geography: toJson(preview.geometry),
        bbox: preview.bbox,
        geographyFileName: fileName,
        geographyReport: toJson(saved),
        geographyUpdatedAt: new Date(),
      },
    });
    await audit(tx, actor, {
      organizationId,
      action: before.geographyUpdatedAt ? 'agency.geography.replace' : 'agency.geography.set',
      entityType: 'Agency',
      entityId: agencyId,
      changes: {
        geographyFileName: { old: before.geographyFileName, new: fileName },
        parts: preview.report.partCount,
        holes: preview.report.holeCount,
        vertices: preview.report.vertexCount,
        repairs: preview.report.repaired.filter((r) => r.kind === 'made-valid').length,
        ...(options.dbfEncoding ? { dbfEncoding: options.dbfEncoding } : {}),
      },
    });
  });
  return preview;
}

/** Plain JSON (no undefined, no class instances), which is what a Json column stores. */
function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
