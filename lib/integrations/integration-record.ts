import type { Db } from '@/lib/db';
import type { Integration } from '@/generated/prisma/client';

type Tx = Pick<Db, 'integration'>;

/** An organization has one Cityworks integration; the oldest wins if more exist. */
export async function findIntegration(tx: Tx, organizationId: string): Promise<Integration | null> {
  return tx.integration.findFirst({ where: { organizationId }, orderBy: { createdAt: 'asc' } });
}

/** Writes create the integration on first save, with the schema's defaults. */
export async function findOrCreateIntegration(tx: Tx, organizationId: string): Promise<Integration> {
  return (await findIntegration(tx, organizationId)) ?? tx.integration.create({ data: { organizationId } });
}
