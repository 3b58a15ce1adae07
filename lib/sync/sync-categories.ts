import { createHash } from 'node:crypto';
import type { RemoteKind } from '@/generated/prisma/enums';
import type { Db } from '@/lib/db';
import { runInboundStream, type InboundStreamOptions } from './inbound/run-stream';
import type { RemoteSession } from './session';

/**
 * Cityworks categories -> request types. SR problems flagged for the public site (`ForPublicOnly`),
 * and for work orders the templates the integration lists (WO templates have no public flag).
 * Upserts by (integration, kind, code); a category gone upstream is hidden with a reason, never
 * deleted (issues point at it); local choices (agency, display name) are never overwritten.
 * Every run reports inserted / changed / unchanged / hidden, decided by a hash of the remote data.
 */

export interface CategoryCounts {
  inserted: number;
  changed: number;
  unchanged: number;
  hidden: number;
  /** Hidden earlier as gone, offered again now. */
  restored: number;
}

interface RemoteCategory {
  kind: RemoteKind;
  code: string;
  name: string;
}

export const GONE_UPSTREAM = 'Gone from Cityworks';
export const NO_WORK_ORDER_TEMPLATES = 'No work order templates are chosen, so there are no work order categories to offer: choose them on the Integrations page. Existing work order categories were left as they are.';

/** Work orders only, and no template chosen: nothing to sync, and saying nothing would hide the cause. */
export class NoWorkOrderTemplatesError extends Error {
  constructor() {
    super(NO_WORK_ORDER_TEMPLATES);
    this.name = 'NoWorkOrderTemplatesError';
  }
}

function dataHash(c: RemoteCategory): string {
  return createHash('sha256').update(JSON.stringify([c.kind, c.code, c.name])).digest('hex');
}

async function remoteCategories(remote: RemoteSession): Promise<{ categories: RemoteCategory[]; kinds: RemoteKind[]; noTemplates: boolean }> {
  const { integration, settings, client } = remote;
  const categories: RemoteCategory[] = [];
  const kinds: RemoteKind[] = [];
  if (integration.mode !== 'WORK_ORDERS') {
    kinds.push('SERVICE_REQUEST');
    for (const p of await client.serviceRequests.problems({ forPublicOnly: true })) {
      categories.push({ kind: 'SERVICE_REQUEST', code: String(p.problemSid), name: p.description.trim() || p.problemCode });
    }
  }
  let noTemplates = false;
  if (integration.mode !== 'SERVICE_REQUESTS') {
    const wanted = new Set(settings.workOrderTemplates);
    // No choice is not "Cityworks lists none": existing work order categories are not hidden for it.
    if (wanted.size === 0) noTemplates = true;
    else {
      kinds.push('WORK_ORDER');
      for (const t of await client.workOrders.templates({ entityType: settings.workOrderEntityType })) {
        if (wanted.has(t.templateId)) categories.push({ kind: 'WORK_ORDER', code: t.templateId, name: t.description.trim() || `Template ${t.templateId}` });
      }
    }
  }
  return { categories, kinds, noTemplates };
}

export async function syncCategories(db: Db, integrationId: string, opts: InboundStreamOptions = {}): Promise<CategoryCounts> {
  return runInboundStream(db, integrationId, 'categories', opts, async ({ remote, startedAt, progress }) => {
    const counts: CategoryCounts = { inserted: 0, changed: 0, unchanged: 0, hidden: 0, restored: 0 };
    await progress(0, null, 'Reading Cityworks');
    const { categories, kinds, noTemplates } = await remoteCategories(remote);
    if (noTemplates && remote.integration.mode === 'WORK_ORDERS') throw new NoWorkOrderTemplatesError();
    const existing = await db.requestType.findMany({ where: { integrationId, remoteKind: { in: kinds } } });
    const byKey = new Map(existing.map((r) => [`${r.remoteKind}:${r.remoteCode}`, r]));
    const seen = new Set<string>();
    const organizationId = remote.integration.organizationId;
    const autoSyncQuestions = remote.settings.switches.autoSyncQuestions;

    for (const [i, c] of categories.entries()) {
      const key = `${c.kind}:${c.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const row = byKey.get(key);
      if (!row) {
        await db.requestType.create({
          data: { organizationId, integrationId, remoteKind: c.kind, remoteCode: c.code, remoteName: c.name, name: c.name, autoSyncQuestions, syncedAt: startedAt },
        });
        counts.inserted++;
      } else {
        const before = dataHash({ kind: c.kind, code: c.code, name: row.remoteName ?? '' });
        const wasGone = row.hidden && row.hiddenReason?.startsWith(GONE_UPSTREAM) === true;
        if (before !== dataHash(c) || wasGone) {
          await db.requestType.update({
            where: { id: row.id },
            // Only remote-owned fields: displayName, agencyId and a hide chosen by an admin stay as they are.
            data: { remoteName: c.name, name: c.name, syncedAt: startedAt, ...(wasGone ? { hidden: false, hiddenReason: null } : {}) },
          });
          if (wasGone) counts.restored++;
          else counts.changed++;
        } else {
          await db.requestType.update({ where: { id: row.id }, data: { syncedAt: startedAt } });
          counts.unchanged++;
        }
      }
      if (i % 200 === 199) {
        await progress(i + 1, categories.length);
      }
    }

    const gone = existing.filter((r) => !seen.has(`${r.remoteKind}:${r.remoteCode}`) && !r.hidden);
    if (gone.length > 0) {
      await db.requestType.updateMany({
        where: { id: { in: gone.map((r) => r.id) } },
        data: { hidden: true, hiddenReason: `${GONE_UPSTREAM} on ${startedAt.toISOString().slice(0, 10)}` },
      });
      counts.hidden = gone.length;
    }
    return {
      result: counts,
      record: {
        cursor: { counts: { ...counts } },
        windowStart: startedAt,
        windowEnd: startedAt,
        done: categories.length,
        total: categories.length,
        message: `${counts.inserted} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.hidden} hidden, ${counts.restored} restored${noTemplates ? `. ${NO_WORK_ORDER_TEMPLATES}` : ''}`,
        event: { operation: 'sync-categories', details: { ...counts } },
      },
    };
  });
}
