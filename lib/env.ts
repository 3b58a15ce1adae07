import { z } from 'zod';

/**
 * Configuration, validated once at import (web, workers and scripts share it). scripts/run.ts
 * fills DATABASE_URL, NEXTAUTH_SECRET and SECRETS_KEY for the embedded default before it starts
 * the web and worker processes, so nothing here reads a file lazily mid-request.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgresql:// URL' }),
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters'),
  NEXTAUTH_URL: z.string().url().optional(),
  // 32 bytes, base64: encrypts Cityworks passwords at rest (AES-256-GCM).
  SECRETS_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'SECRETS_KEY must be 32 bytes, base64-encoded'),
  // Keys that may still decrypt secrets written before a rotation, "keyId:base64,keyId:base64".
  SECRETS_PREVIOUS_KEYS: z.string().default(''),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().positive().default(15),
  // Sync timeline: events older than this are rolled up into daily counts and deleted (docs/operations.md).
  TIMELINE_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  // Sync health raises an alert when a stream's lag (or the oldest pending submission) passes this.
  SYNC_LAG_ALERT_MINUTES: z.coerce.number().int().positive().default(15),
  // Anonymous reports (web form and Open311) per organization and client address per 10 minutes.
  // A load test from one address raises it (bench/create-api.ts); the limiter still runs.
  REPORTS_PER_WINDOW: z.coerce.number().int().positive().default(20),
});

export type Env = z.infer<typeof schema>;

// `next build` imports every route to collect page data but serves nothing, so the secrets a
// running server needs get inert placeholders there; the server validates the real ones at start.
const BUILD_PLACEHOLDERS = {
  DATABASE_URL: 'postgresql://build@127.0.0.1:1/build',
  NEXTAUTH_SECRET: 'build-time-placeholder-never-used-to-sign-anything',
  SECRETS_KEY: Buffer.alloc(32).toString('base64'),
};

function parse(): Env {
  const building = process.env.NEXT_PHASE === 'phase-production-build';
  const result = schema.safeParse(building ? { ...BUILD_PLACEHOLDERS, ...process.env } : process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return result.data;
}

export const env: Env = parse();
