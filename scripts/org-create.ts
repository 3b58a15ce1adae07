/**
 * npm run org:create -- --name "City of New Haven" --slug new-haven --time-zone America/New_York \
 *   --center 41.3083,-72.9279 --admin-email ann@newhaven.example --admin-name "Ann Admin" [--base-url URL]
 *
 * Creates an organization, its integration bot and its first customer admin, and prints the
 * admin's one-time set-password link (also emailed when SMTP_URL is set).
 */
import { parseArgs } from 'node:util';
import { baseUrlFrom, openCliDatabase } from './cli-database';
import { commandLineActor, failWith } from './cli-output';

const USAGE = 'usage: npm run org:create -- --name NAME --slug SLUG --time-zone ZONE --center LAT,LNG --admin-email EMAIL --admin-name NAME [--base-url URL]';

let args;
try {
  args = parseArgs({
    options: {
      name: { type: 'string' },
      slug: { type: 'string' },
      'time-zone': { type: 'string' },
      center: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      'base-url': { type: 'string' },
    },
    strict: true,
  }).values;
} catch (err) {
  console.error(`error: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const missing = ['name', 'slug', 'time-zone', 'center', 'admin-email', 'admin-name'].filter((k) => !args[k as keyof typeof args]);
if (missing.length) {
  console.error(`error: missing ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}`);
  process.exit(2);
}
const [lat, lng] = (args.center ?? '').split(',').map((s) => Number(s.trim()));

const database = await openCliDatabase();
try {
  const { db } = await import('../lib/db');
  const { env } = await import('../lib/env');
  const { smtpMailer } = await import('../lib/mail/send-mail');
  const { createOrganization } = await import('../lib/organizations/create-organization');
  const result = await createOrganization(
    { db, actor: commandLineActor(), mailer: smtpMailer(env.SMTP_URL, env.SMTP_FROM), baseUrl: baseUrlFrom(args['base-url']), linkHours: env.PASSWORD_LINK_HOURS },
    {
      name: args.name,
      slug: args.slug,
      timeZone: args['time-zone'],
      mapCenter: { lat: Number.isFinite(lat) ? lat : NaN, lng: Number.isFinite(lng) ? lng : NaN },
      admin: { email: args['admin-email'], name: args['admin-name'] },
    },
  );
  console.log(`created organization ${result.slug}`);
  if (result.setPasswordUrl) {
    console.log(`set-password link for ${args['admin-email']} (one use, expires ${result.expiresAt}):`);
    console.log(result.setPasswordUrl);
  } else {
    console.log(`${args['admin-email']} already has an account and signs in with their password.`);
  }
  if (result.emailed) console.log('the link was also emailed.');
  if (result.emailError) console.log(`the link could not be emailed: ${result.emailError}`);
  await db.$disconnect();
} catch (err) {
  await database.stop();
  failWith(err);
}
await database.stop();
