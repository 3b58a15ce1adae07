import { z } from 'zod';
import type { Actor } from '@/lib/auth/roles';
import type { Db } from '@/lib/db';
import { canEditIntegrationSettings } from '@/lib/auth/permissions';
import { isCityworksError } from '@/lib/cityworks';
import { forbidden } from '@/lib/http/errors';
import { clientForEnvironment, type ClientOptions } from '@/lib/sync/session';
import { describeConnectionFailure } from './connection-failures';
import { findIntegration } from './integration-record';
import { readSettings } from './settings';

export const workOrderTemplatesQuerySchema = z.object({
  entityType: z.string().trim().min(1, 'Enter an entity type such as STREET').max(50),
});

export interface OfferedTemplate {
  id: string;
  /** The name Cityworks shows for the template. */
  description: string;
  category: string;
}

export type WorkOrderTemplateList =
  | {
      reachable: true;
      entityType: string;
      templates: OfferedTemplate[];
      /** Chosen (saved) template ids that Cityworks no longer lists for this entity type. */
      missing: string[];
    }
  | { reachable: false; reason: string; missing: [] };

/**
 * The work order templates Cityworks lists for an entity type, with their names, for the picker on
 * the Integrations page (Cityworks has no public flag on WO templates: the city picks). Saved
 * choices that Cityworks no longer lists are returned as `missing`, so the page can show them as
 * such instead of dropping them. Unreachable is an answer, not an error.
 */
export async function listWorkOrderTemplates(
  deps: { db: Db; actor: Actor; organizationId: string; client?: ClientOptions },
  raw: unknown,
): Promise<WorkOrderTemplateList> {
  if (!canEditIntegrationSettings(deps.actor, deps.organizationId)) throw forbidden();
  const { entityType } = workOrderTemplatesQuerySchema.parse(raw);
  const row = await findIntegration(deps.db, deps.organizationId);
  if (!row) return { reachable: false, reason: 'No connection is configured yet.', missing: [] };
  const setup = await clientForEnvironment(deps.db, row, row.environment, { timeoutMs: 10_000, ...deps.client });
  if (!setup.ok) return { reachable: false, reason: `The ${row.environment === 'TEST' ? 'test' : 'production'} credentials are incomplete (${setup.missing.join(', ')}).`, missing: [] };
  try {
    const list = await setup.client.workOrders.templates({ entityType });
    const templates = list
      .map((t) => ({ id: t.templateId, description: t.description.trim() || `Template ${t.templateId}`, category: t.category.trim() }))
      .sort((a, b) => a.description.localeCompare(b.description) || a.id.localeCompare(b.id));
    const listed = new Set(templates.map((t) => t.id));
    const missing = readSettings(row.settings).workOrderTemplates.filter((id) => !listed.has(id));
    return { reachable: true, entityType, templates, missing };
  } catch (err) {
    if (!isCityworksError(err)) throw err;
    const f = describeConnectionFailure(err);
    return { reachable: false, reason: `${f.title}: ${f.detail}`, missing: [] };
  }
}
