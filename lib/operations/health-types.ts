/**
 * The sync health report of one integration, as the API returns it and the dashboard reads it.
 * Plain data (ISO dates, numbers) so client components can import these types without the server.
 */

export const HEALTH_STREAMS = ['submit', 'poll-updates', 'import-requests', 'sync-categories', 'sync-questions'] as const;
export type HealthStream = (typeof HEALTH_STREAMS)[number];

export interface StreamHealth {
  stream: HealthStream;
  /** False when the stream is switched off for this integration (e.g. request import). */
  enabled: boolean;
  lastSuccessAt: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  /** Lag measured when the last run finished (windowEnd to its end). */
  lagMsAtSuccess: number | null;
  /** How far behind the stream is now: now minus windowEnd; for submit, the oldest pending submission's age. */
  currentLagMs: number | null;
  /** The schedule's interval: a stream is late when its lag passes interval + the alert threshold. */
  expectedIntervalMs: number | null;
  late: boolean;
  lastRunState: 'running' | 'succeeded' | 'failed' | null;
  lastRunMessage: string | null;
}

export interface QueueDepth {
  queue: string;
  created: number;
  retry: number;
  active: number;
  failed: number;
}

export interface FailureClassCount {
  errorClass: string;
  count: number;
}

export interface LatencyStats {
  calls: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One hour of the last 24: remote calls and sync steps, ok and failed. */
export interface HourBucket {
  hour: string;
  ok: number;
  error: number;
  p95: number | null;
}

export type AlertKind = 'auth-failing' | 'lag' | 'dead-letters' | 'paused';

export interface SyncAlert {
  kind: AlertKind;
  integrationId: string;
  integrationName: string;
  message: string;
}

export interface IntegrationHealth {
  integration: {
    id: string;
    name: string;
    enabled: boolean;
    environment: 'TEST' | 'PRODUCTION';
    pausedAt: string | null;
  };
  auth: { failing: boolean; since: string | null; reason: string | null };
  streams: StreamHealth[];
  submissions: Record<'PENDING' | 'IN_FLIGHT' | 'SUCCEEDED' | 'DEAD' | 'SKIPPED', number>;
  queues: QueueDepth[];
  failures24h: FailureClassCount[];
  latency24h: LatencyStats;
  hourly24h: HourBucket[];
  alerts: SyncAlert[];
  lagThresholdMs: number;
  generatedAt: string;
}
