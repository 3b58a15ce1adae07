/**
 * npm run operator:create -- --email ops@example.org --name "Olive Operator" [--base-url URL]
 *
 * A platform operator (who creates organizations from /operator), e.g. the first account of a
 * fresh installation. Prints their one-time set-password link.
 */
import { parseArgs } from 'node:util';
import { baseUrlFrom, openCliDatabase } from './cli-database';
import { failWith } from './cli-output';

const USAGE = 'usage: npm run operator:create -- --email EMAIL --name NAME [--base-url URL]';

let args;
try {
  args = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, 'base-url': { type: 'string' } }, strict: true }).values;
} catch (err) {
  console.error(`error: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!args.email || !args.name) {
  console.error(`error: --email and --name are required\n${USAGE}`);
  process.exit(2);
}

const database = await openCliDatabase();
try {
  const { db } = await import('../lib/db');
  const { env } = await import('../lib/env');
  const { createOperator } = await import('../lib/organizations/create-operator');
  const { link } = await createOperator(db, { email: args.email, name: args.name }, { baseUrl: baseUrlFrom(args['base-url']), linkHours: env.PASSWORD_LINK_HOURS });
  console.log(`created operator ${args.email}`);
  console.log(`set-password link (one use, expires ${link.expiresAt.toISOString()}):`);
  console.log(link.url);
  await db.$disconnect();
} catch (err) {
  await database.stop();
  failWith(err);
}
await database.stop();
