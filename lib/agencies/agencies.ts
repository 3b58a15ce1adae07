import type { MultiPolygon } from 'geojson';
import { z } from 'zod';
import { Prisma } from '@/generated/prisma/client';
import { audit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import type { BBox } from '@/lib/geo/types';
import { HttpError, notFound } from '@/lib/http/errors';
import type { SavedGeographyReport } from './geography';

export const agencyNameSchema = z.object({ name: z.string().trim().min(1, 'Enter a name.').max(120) });

export interface AgencySummary {
  id: string;
  name: string;
  geography: MultiPolygon | null;
  bbox: BBox | null;
  geographyFileName: string | null;
  geographyReport: SavedGeographyReport | null;
  geographyUpdatedAt: string | null;
  requestTypeCount: number;
}

export async function listAgencies(organizationId: string): Promise<AgencySummary[]> {
  const rows = await db.agency.findMany({
    where: { organizationId },
    orderBy: { name: 'asc' },
    include: { _count: { select: { requestTypes: true } } },
  });
  return rows.map((a) => ({
    id: a.id,
    name: a.name,
    // Written only by saveGeography from lib/geo's ingest output, so the stored shape is known.
    geography: (a.geography as MultiPolygon | null) ?? null,
    bbox: (a.bbox as BBox | null) ?? null,
    geographyFileName: a.geographyFileName,
    geographyReport: (a.geographyReport as SavedGeographyReport | null) ?? null,
    geographyUpdatedAt: a.geographyUpdatedAt?.toISOString() ?? null,
    requestTypeCount: a._count.requestTypes,
  }));
}

export async function findAgency(organizationId: string, agencyId: string): Promise<{ id: string; name: string }> {
  const agency = await db.agency.findFirst({ where: { id: agencyId, organizationId }, select: { id: true, name: true } });
  if (!agency) throw notFound('Agency');
  return agency;
}

const nameTaken = (name: string) => new HttpError(409, 'name_taken', `An agency named "${name}" already exists.`);

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

export async function createAgency(actor: Actor, organizationId: string, name: string): Promise<{ id: string; name: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const agency = await tx.agency.create({ data: { organizationId, name }, select: { id: true, name: true } });
      await audit(tx, actor, { organizationId, action: 'agency.create', entityType: 'Agency', entityId: agency.id, changes: { name: { new: name } } });
      return agency;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}

export async function renameAgency(actor: Actor, organizationId: string, agencyId: string, name: string): Promise<{ id: string; name: string }> {
  const before = await findAgency(organizationId, agencyId);
  try {
    return await db.$transaction(async (tx) => {
      const agency = await tx.agency.update({ where: { id: agencyId }, data: { name }, select: { id: true, name: true } });
      await audit(tx, actor, { organizationId, action: 'agency.rename', entityType: 'Agency', entityId: agencyId, changes: { name: { old: before.name, new: name } } });
      return agency;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}

/** Its request types stay, without an agency (so they are offered nowhere until reassigned). */
export async function deleteAgency(actor: Actor, organizationId: string, agencyId: string): Promise<void> {
  const before = await findAgency(organizationId, agencyId);
  await db.$transaction(async (tx) => {
    await tx.agency.delete({ where: { id: agencyId } });
    await audit(tx, actor, { organizationId, action: 'agency.delete', entityType: 'Agency', entityId: agencyId, changes: { name: { old: before.name } } });
  });
}
