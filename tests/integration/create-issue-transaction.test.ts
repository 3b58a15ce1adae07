import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssue } from '@/lib/crm/create-issue';
import { db } from '@/lib/db';
import { startSyncWorld, type SyncWorld } from '../sync/sync-fixture';

/** createIssue runs on the pg pool under Prisma (lib/database/pg-transaction.ts): all or nothing. */
let w: SyncWorld;
beforeAll(async () => {
  w = await startSyncWorld(db);
}, 30_000);
afterAll(async () => {
  await w?.close();
});

const counts = async () => ({
  issues: await db.issue.count({ where: { organizationId: w.organizationId } }),
  submissions: await db.submission.count({ where: { integrationId: w.integrationId } }),
});

describe('createIssue on the pool', () => {
  it('commits the issue, its submission and its job together', async () => {
    const created = await createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, summary: 'Pothole', lat: 39.8, lng: -89.65 });
    expect(created.submissionId).not.toBeNull();
    const jobs = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'submit-issue' AND data->>'submissionId' = ${created.submissionId}`;
    expect(jobs[0]?.n).toBe(1);
    expect(await db.submission.findUniqueOrThrow({ where: { id: created.submissionId! } })).toMatchObject({ issueId: created.id, idempotencyKey: `issue-create:${w.integrationId}:${created.id}` });
  });

  it('when the job cannot be sent, the issue and its submission are rolled back and the pool stays usable', async () => {
    const before = await counts();
    // pg-boss refusing the send (its database down, a queue gone): the error reaches the caller.
    const failing = { send: () => Promise.reject(new Error('queue unavailable')) } as unknown as PgBoss;
    await expect(createIssue(db, failing, { organizationId: w.organizationId, requestTypeId: w.srTypeId, summary: 'Pothole', lat: 39.8, lng: -89.65 })).rejects.toThrow('queue unavailable');
    expect(await counts()).toEqual(before);
    // Every connection of the pool went back clean (no transaction left open on one).
    await Promise.all(Array.from({ length: 12 }, () => createIssue(db, w.boss, { organizationId: w.organizationId, requestTypeId: w.srTypeId, summary: 'Pothole', lat: 39.8, lng: -89.65 })));
    expect(await counts()).toEqual({ issues: before.issues + 12, submissions: before.submissions + 12 });
  });
});
