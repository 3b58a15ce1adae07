import type { Actor } from '@/lib/auth/roles';
import type { Db } from '@/lib/db';
import { canEditIntegrationSettings } from '@/lib/auth/permissions';
import { isCityworksError } from '@/lib/cityworks';
import { forbidden } from '@/lib/http/errors';
import { clientForEnvironment, type ClientOptions } from '@/lib/sync/session';
import { describeConnectionFailure } from './connection-failures';
import { findIntegration } from './integration-record';

export type RemoteStatuses =
  | { reachable: true; statuses: { code: string; description: string }[] }
  | { reachable: false; reason: string };

/**
 * The server's request (or work order) statuses for the closed / canceled pickers, from the active
 * environment. Unreachable is an answer, not an error: the form then lets the manager type them.
 */
export async function listRemoteStatuses(deps: { db: Db; actor: Actor; organizationId: string; client?: ClientOptions }): Promise<RemoteStatuses> {
  if (!canEditIntegrationSettings(deps.actor, deps.organizationId)) throw forbidden();
  const row = await findIntegration(deps.db, deps.organizationId);
  if (!row) return { reachable: false, reason: 'No connection is configured yet.' };
  const setup = await clientForEnvironment(deps.db, row, row.environment, { timeoutMs: 10_000, ...deps.client });
  if (!setup.ok) return { reachable: false, reason: `The ${row.environment === 'TEST' ? 'test' : 'production'} credentials are incomplete (${setup.missing.join(', ')}).` };
  try {
    const list = row.mode === 'WORK_ORDERS' ? await setup.client.workOrders.statuses() : await setup.client.serviceRequests.statuses();
    return { reachable: true, statuses: list.filter((s) => s.isActive !== false).map((s) => ({ code: s.code, description: s.description })) };
  } catch (err) {
    if (!isCityworksError(err)) throw err;
    const f = describeConnectionFailure(err);
    return { reachable: false, reason: `${f.title}: ${f.detail}` };
  }
}
