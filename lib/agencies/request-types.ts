import { z } from 'zod';
import { audit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';

export const createRequestTypeSchema = z.object({ name: z.string().trim().min(1, 'Enter a name.').max(200), agencyId: z.string().min(1).nullable().optional() });
export const assignAgencySchema = z.object({ agencyId: z.string().min(1).nullable() });

export interface RequestTypeSummary {
  id: string;
  name: string;
  agencyId: string | null;
  agencyName: string | null;
  hidden: boolean;
  /** Local types are made here; integrated ones come from Cityworks category sync. */
  source: 'local' | 'integrated';
}

export async function listRequestTypes(organizationId: string): Promise<RequestTypeSummary[]> {
  const rows = await db.requestType.findMany({
    where: { organizationId },
    orderBy: [{ name: 'asc' }],
    select: { id: true, name: true, displayName: true, agencyId: true, hidden: true, integrationId: true, agency: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.displayName ?? r.name,
    agencyId: r.agencyId,
    agencyName: r.agency?.name ?? null,
    hidden: r.hidden,
    source: r.integrationId ? 'integrated' : 'local',
  }));
}

async function assertAgencyInOrganization(organizationId: string, agencyId: string | null | undefined): Promise<void> {
  if (!agencyId) return;
  const found = await db.agency.count({ where: { id: agencyId, organizationId } });
  if (!found) throw notFound('Agency');
}

export async function createLocalRequestType(actor: Actor, organizationId: string, input: z.infer<typeof createRequestTypeSchema>): Promise<{ id: string }> {
  await assertAgencyInOrganization(organizationId, input.agencyId);
  return db.$transaction(async (tx) => {
    const rt = await tx.requestType.create({ data: { organizationId, name: input.name, agencyId: input.agencyId ?? null }, select: { id: true } });
    await audit(tx, actor, { organizationId, action: 'requestType.create', entityType: 'RequestType', entityId: rt.id, changes: { name: { new: input.name }, agencyId: { new: input.agencyId ?? null } } });
    return rt;
  });
}

export async function assignRequestTypeAgency(actor: Actor, organizationId: string, requestTypeId: string, agencyId: string | null): Promise<void> {
  const before = await db.requestType.findFirst({ where: { id: requestTypeId, organizationId }, select: { agencyId: true } });
  if (!before) throw notFound('Request type');
  await assertAgencyInOrganization(organizationId, agencyId);
  await db.$transaction(async (tx) => {
    await tx.requestType.update({ where: { id: requestTypeId }, data: { agencyId } });
    await audit(tx, actor, { organizationId, action: 'requestType.assignAgency', entityType: 'RequestType', entityId: requestTypeId, changes: { agencyId: { old: before.agencyId, new: agencyId } } });
  });
}
