/**
 * `npm run emulators`: the Cityworks and ArcGIS emulators on their own (ports 8110 and 8120, or
 * CITYWORKS_EMULATOR_PORT / ARCGIS_EMULATOR_PORT), e.g. to point a development server or a
 * Cityworks-facing tool at them. `--version 23` picks the Cityworks generation to speak.
 */
import path from 'node:path';
import { startArcgisEmulator } from '../emulators/arcgis/server';
import { startCityworksEmulator, type CityworksVersion } from '../emulators/cityworks/server';

const VERSIONS: CityworksVersion[] = ['2013', '2014', '2015', '15.0', '15.8', '23'];
const i = process.argv.indexOf('--version');
const version = (i > 0 ? process.argv[i + 1] : '15.8') as CityworksVersion;
if (!VERSIONS.includes(version)) {
  console.error(`--version must be one of ${VERSIONS.join(', ')}`);
  process.exit(2);
}
const cityworks = await startCityworksEmulator({
  port: Number(process.env.CITYWORKS_EMULATOR_PORT || 8110),
  version,
  stateFile: path.resolve(process.env.DATA_DIR || '.data', 'cityworks-emulator.json'),
});
const arcgis = await startArcgisEmulator({ port: Number(process.env.ARCGIS_EMULATOR_PORT || 8120) });
console.log(`Cityworks ${version} emulator: ${cityworks.url} (staff page ${cityworks.url}/_staff/)`);
console.log(`ArcGIS emulator: ${arcgis.url}`);
const stop = async () => {
  await Promise.all([cityworks.close(), arcgis.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
