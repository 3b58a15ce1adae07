import type { Integration } from '@/generated/prisma/client';
import type { Db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';

/** The organization's integration, or 404: another organization's integration looks missing. */
export async function integrationInOrganization(db: Db, organizationId: string, integrationId: string): Promise<Integration> {
  const integration = await db.integration.findFirst({ where: { id: integrationId, organizationId } });
  if (!integration) throw notFound('Integration');
  return integration;
}
