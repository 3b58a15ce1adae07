import { parseArgs } from 'node:util';
import { startCityworksEmulator } from './server';
import { CITYWORKS_VERSIONS, type CityworksVersion } from './types';

/** `tsx emulators/cityworks/main.ts --port 8110 --version 15.8 --state .data/cityworks-emulator.json` */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8110' },
    host: { type: 'string', default: '127.0.0.1' },
    site: { type: 'string', default: 'cityworks' },
    version: { type: 'string', default: '15.8' },
    state: { type: 'string' },
    wkid: { type: 'string', default: '3857' },
    online: { type: 'boolean', default: false },
  },
});

const version = values.version as CityworksVersion;
if (!CITYWORKS_VERSIONS.includes(version)) {
  console.error(`--version must be one of ${CITYWORKS_VERSIONS.join(', ')}`);
  process.exit(2);
}

const emulator = await startCityworksEmulator({
  port: Number(values.port), host: values.host, site: values.site, version, stateFile: values.state,
  siteWkid: Number(values.wkid), online: values.online,
});
console.log(`Cityworks ${emulator.version} emulator listening on ${emulator.url}`);

const stop = (): void => {
  emulator.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
