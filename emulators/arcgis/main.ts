import { parseArgs } from 'node:util';
import { startArcgisEmulator } from './server';

/** CLI: `tsx emulators/arcgis/main.ts [--port 8091] [--host 127.0.0.1] [--require-token] [--token T] [--user name:password]` */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.ARCGIS_EMULATOR_PORT ?? '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'require-token': { type: 'boolean', default: false },
    token: { type: 'string', multiple: true },
    user: { type: 'string', multiple: true },
  },
});

const emulator = await startArcgisEmulator({
  port: Number(values.port),
  host: values.host,
  requireToken: values['require-token'],
  ...(values.token?.length ? { tokens: values.token } : {}),
  ...(values.user?.length ? { users: Object.fromEntries(values.user.map((u) => [u.slice(0, u.indexOf(':')), u.slice(u.indexOf(':') + 1)])) } : {}),
});
console.log(`ArcGIS geocoder emulator: ${emulator.url}${values['require-token'] ? ` (token: ${emulator.token})` : ''}`);

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
