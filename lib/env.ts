import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { parseAllowList, type AllowEntry } from './net/address-policy';
import { productionProblems, productionStartMessage, runMode, runModeProblem } from './run-mode';
import { cspOrigin } from './http/security-headers';

/**
 * Configuration, validated once at import (web, workers and scripts share it). scripts/run.ts
 * fills DATABASE_URL, NEXTAUTH_SECRET and SECRETS_KEY for the embedded default before it starts
 * the web and worker processes, so nothing here reads a file lazily mid-request.
 */
/**
 * `TRUSTED_PROXIES`: addresses or CIDR ranges ("10.0.0.0/8, 2001:db8::/32, 127.0.0.1") of the reverse
 * proxies in front of the web process. Only a request whose socket peer is one of them may say
 * who the client is (X-Forwarded-For); see lib/http/client-address.ts.
 */
const trustedProxies = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const list = new BlockList();
    for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [address = '', prefix] = entry.split('/');
      const family = isIP(address);
      const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
      if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or CIDR range` });
        return z.NEVER;
      }
      list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
    }
    return list;
  });

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
  TRUSTED_PROXIES: trustedProxies,
  // Anonymous reports (web form and Open311 together) one organization takes per hour from everyone:
  // each becomes a Cityworks record, so a flood from rotating addresses stops here.
  REPORTS_PER_ORGANIZATION_PER_HOUR: z.coerce.number().int().positive().default(200),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().positive().default(15),
  // Sync timeline: events older than this are rolled up into daily counts and deleted (docs/operations.md).
  TIMELINE_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  // Sync health raises an alert when a stream's lag (or the oldest pending submission) passes this.
  SYNC_LAG_ALERT_MINUTES: z.coerce.number().int().positive().default(15),
  // Optional: set-password links are also emailed through this server (smtp:// or smtps:// URL).
  SMTP_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  SMTP_FROM: z.string().default('Civic Bridge <no-reply@localhost>'),
  // How long a set-password link stays usable.
  PASSWORD_LINK_HOURS: z.coerce.number().int().positive().max(24 * 14).default(72),
  // Addresses outside the public internet that outbound calls may reach (lib/net/address-policy.ts):
  // CIDR ranges or single addresses, optionally with a port, comma-separated.
  OUTBOUND_ALLOW: z
    .string()
    .default('')
    .transform((v, ctx): AllowEntry[] => {
      try {
        return parseAllowList(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `OUTBOUND_ALLOW: ${(e as Error).message}` });
        return z.NEVER;
      }
    }),
  // "1": production Cityworks endpoints may be plain http (a LAN deployment); otherwise https only.
  ALLOW_HTTP_ENDPOINTS: z
    .enum(['0', '1', ''])
    .default('')
    .transform((v) => v === '1'),
  // Basemap tile/style/font origins the pages' Content-Security-Policy allows (proxy.ts); a typo
  // must stop the start rather than silently leave the map blank.
  BASEMAP_ORIGINS: z
    .string()
    .default('')
    .refine((v) => v.split(/[\s,]+/).filter((o) => o !== '').every((o) => cspOrigin(o) !== null), 'BASEMAP_ORIGINS must list http(s) origins such as https://tiles.example.org, comma-separated'),
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
  const modeProblem = runModeProblem();
  if (modeProblem) throw new Error(`Invalid configuration:\n  ${modeProblem}`);
  // A production server refuses to run on demo defaults (scripts/run.ts checks the same first).
  if (!building && runMode() === 'production') {
    const problems = productionProblems();
    if (problems.length) throw new Error(productionStartMessage(problems));
  }
  const result = schema.safeParse(building ? { ...BUILD_PLACEHOLDERS, ...process.env } : process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return result.data;
}

export const env: Env = parse();
