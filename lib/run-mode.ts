/**
 * Demo or production. `npm start` on a fresh machine is the one-command demo: embedded
 * PostgreSQL, the bundled Cityworks and ArcGIS emulators, generated local secrets and a demo
 * organization whose passwords are published in the README. None of that may ever happen on a
 * real deployment, so production is the default as soon as anything says "production"
 * (NODE_ENV=production or CIVIC_BRIDGE_MODE=production), and the demo has to be asked for by
 * name (CIVIC_BRIDGE_MODE=demo) in that case. scripts/run.ts passes the mode it settled on to the
 * web and worker processes in CIVIC_BRIDGE_MODE.
 */
export type RunMode = 'demo' | 'production';

type EnvLike = Record<string, string | undefined>;

export function runMode(env: EnvLike = process.env): RunMode {
  const explicit = env.CIVIC_BRIDGE_MODE?.trim();
  if (explicit === 'demo' || explicit === 'production') return explicit;
  return env.NODE_ENV === 'production' ? 'production' : 'demo';
}

/** The value of CIVIC_BRIDGE_MODE, when set, must be one of the two; a typo is not the demo. */
export function runModeProblem(env: EnvLike = process.env): string | null {
  const explicit = env.CIVIC_BRIDGE_MODE?.trim();
  if (explicit && explicit !== 'demo' && explicit !== 'production') return `CIVIC_BRIDGE_MODE must be "demo" or "production" (got "${explicit}")`;
  return null;
}

/** What a production start lacks, one line each; empty when it may start. */
export function productionProblems(env: EnvLike = process.env): string[] {
  const problems: string[] = [];
  const modeProblem = runModeProblem(env);
  if (modeProblem) problems.push(modeProblem);
  if (!env.DATABASE_URL) problems.push('DATABASE_URL: the PostgreSQL URL (production never starts the embedded database)');
  if (!env.NEXTAUTH_SECRET) problems.push('NEXTAUTH_SECRET: at least 32 random characters, e.g. `openssl rand -base64 32`');
  if (!env.SECRETS_KEY) problems.push('SECRETS_KEY: 32 random bytes, base64, e.g. `openssl rand -base64 32` (encrypts Cityworks passwords)');
  const url = env.NEXTAUTH_URL;
  if (!url) problems.push('NEXTAUTH_URL: the public https:// address of the site');
  else if (!/^https:\/\//i.test(url)) problems.push(`NEXTAUTH_URL: must be an https:// address (got ${url})`);
  return problems;
}

export function productionStartMessage(problems: string[]): string {
  return [
    'Refusing to start in production mode; missing or invalid:',
    ...problems.map((p) => `  - ${p}`),
    'Production mode is on because NODE_ENV=production or CIVIC_BRIDGE_MODE=production.',
    'For the local demo (embedded database, emulators, demo users) run `npm start` without NODE_ENV=production, or set CIVIC_BRIDGE_MODE=demo.',
  ].join('\n');
}
