import { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/lib/db';
import { queues } from '@/lib/jobs/queues';
import { alertsFor } from './alerts-rules';
import type { FailureClassCount, HourBucket, IntegrationHealth, LatencyStats, QueueDepth } from './health-types';
import { integrationInOrganization } from './integration-scope';
import { streamHealth } from './stream-health';

/**
 * The sync health of one integration: streams, queues, failures, latency and authentication, in
 * one read for the dashboard. Timeline figures cover the last 24 hours; SyncEvent.createdAt is a
 * UTC timestamp without zone, so bounds are passed as ISO text and converted in SQL, never through
 * the session's time zone.
 */
const DAY_MS = 24 * 3600_000;

const OUTBOUND_QUEUES = [queues.submitIssue.name, queues.submitComment.name, queues.deadLetter.name];
const INBOUND_QUEUES = [queues.pollUpdates.name, queues.importRequests.name, queues.syncCategories.name, queues.syncQuestions.name];
export const HEALTH_QUEUES = [...OUTBOUND_QUEUES, ...INBOUND_QUEUES];

function utc(d: Date): Prisma.Sql {
  return Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

export async function failuresByClass(db: Db, integrationId: string, since: Date): Promise<FailureClassCount[]> {
  return db.$queryRaw<FailureClassCount[]>`
    SELECT COALESCE("errorClass", 'unclassified') AS "errorClass", count(*)::int AS count
    FROM "SyncEvent"
    WHERE "integrationId" = ${integrationId} AND outcome = 'ERROR' AND "createdAt" >= ${utc(since)}
    GROUP BY 1 ORDER BY 2 DESC, 1`;
}

export async function latencyPercentiles(db: Db, integrationId: string, since: Date): Promise<LatencyStats> {
  const rows = await db.$queryRaw<{ calls: number; p50: number | null; p95: number | null; p99: number | null }[]>`
    SELECT count(*)::int AS calls,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY "latencyMs") AS p99
    FROM "SyncEvent"
    WHERE "integrationId" = ${integrationId} AND "latencyMs" IS NOT NULL AND "createdAt" >= ${utc(since)}`;
  const r = rows[0];
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v));
  return { calls: r?.calls ?? 0, p50: round(r?.p50), p95: round(r?.p95), p99: round(r?.p99) };
}

/** 24 hourly buckets, oldest first, empty hours included so the chart's x axis is time. */
export async function hourlyActivity(db: Db, integrationId: string, now: Date): Promise<HourBucket[]> {
  const firstHour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000 - 23 * 3600_000);
  const rows = await db.$queryRaw<{ hour: string; ok: number; error: number; p95: number | null }[]>`
    SELECT to_char(date_trunc('hour', "createdAt"), 'YYYY-MM-DD"T"HH24":00:00.000Z"') AS hour,
           count(*) FILTER (WHERE outcome = 'OK')::int AS ok,
           count(*) FILTER (WHERE outcome = 'ERROR')::int AS error,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS p95
    FROM "SyncEvent"
    WHERE "integrationId" = ${integrationId} AND "createdAt" >= ${utc(firstHour)}
    GROUP BY 1`;
  const byHour = new Map(rows.map((r) => [r.hour, r]));
  return Array.from({ length: 24 }, (_, i) => {
    const hour = new Date(firstHour.getTime() + i * 3600_000).toISOString();
    const r = byHour.get(hour);
    return { hour, ok: r?.ok ?? 0, error: r?.error ?? 0, p95: r?.p95 === null || r?.p95 === undefined ? null : Math.round(r.p95) };
  });
}

/**
 * Jobs waiting or running per queue for this integration. Inbound and dead-letter jobs carry the
 * integration id; submit jobs carry a submission or issue id, matched through the outbox.
 */
export async function queueDepths(db: Db, integrationId: string): Promise<QueueDepth[]> {
  const rows = await db.$queryRaw<{ queue: string; state: string; n: number }[]>`
    SELECT j.name AS queue, j.state::text AS state, count(*)::int AS n
    FROM pgboss.job j
    WHERE j.name IN (${Prisma.join(HEALTH_QUEUES)})
      AND j.state::text IN ('created', 'retry', 'active', 'failed')
      AND (j.data->>'integrationId' = ${integrationId}
           OR EXISTS (SELECT 1 FROM "Submission" s
                      WHERE s."integrationId" = ${integrationId}
                        AND (s.id = j.data->>'submissionId' OR (j.name = ${queues.submitComment.name} AND s."issueId" = j.data->>'issueId'))))
    GROUP BY 1, 2`;
  return HEALTH_QUEUES.map((queue) => {
    const of = (state: string) => rows.find((r) => r.queue === queue && r.state === state)?.n ?? 0;
    return { queue, created: of('created'), retry: of('retry'), active: of('active'), failed: of('failed') };
  });
}

export async function integrationHealth(db: Db, organizationId: string, integrationId: string, opts: { now?: Date; lagThresholdMs: number }): Promise<IntegrationHealth> {
  const now = opts.now ?? new Date();
  const integration = await integrationInOrganization(db, organizationId, integrationId);
  const since = new Date(now.getTime() - DAY_MS);
  const [streams, counts, queuesNow, failures24h, latency24h, hourly24h] = await Promise.all([
    streamHealth(db, integration, now, opts.lagThresholdMs),
    db.submission.groupBy({ by: ['state'], where: { integrationId }, _count: { _all: true } }),
    queueDepths(db, integrationId),
    failuresByClass(db, integrationId, since),
    latencyPercentiles(db, integrationId, since),
    hourlyActivity(db, integrationId, now),
  ]);
  const submissions = { PENDING: 0, IN_FLIGHT: 0, SUCCEEDED: 0, DEAD: 0, SKIPPED: 0 };
  for (const c of counts) submissions[c.state] = c._count._all;
  return {
    integration: { id: integration.id, name: integration.name, enabled: integration.enabled, environment: integration.environment, pausedAt: integration.pausedAt?.toISOString() ?? null },
    auth: { failing: integration.authFailingSince !== null, since: integration.authFailingSince?.toISOString() ?? null, reason: integration.authFailureReason },
    streams,
    submissions,
    queues: queuesNow,
    failures24h,
    latency24h,
    hourly24h,
    alerts: alertsFor(integration, streams, submissions.DEAD),
    lagThresholdMs: opts.lagThresholdMs,
    generatedAt: now.toISOString(),
  };
}
