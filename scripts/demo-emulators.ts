import path from 'node:path';

/**
 * The demo organization's Cityworks and ArcGIS: the bundled emulators, run in this process, so a
 * fresh `npm start` shows the whole loop. DEMO_EMULATORS=0 turns them off (a real deployment).
 * The Cityworks emulator keeps its records in .data/ so a city's "crew actions" survive restarts.
 */
export async function startDemoEmulators(
  dataDir: string,
  log: (s: string) => void,
): Promise<{ cityworksUrl: string; geocoderUrl: string; basemapUrl: string; stop: () => Promise<void> } | null> {
  if (process.env.DEMO_EMULATORS === '0') return null;
  const { startCityworksEmulator } = await import('../emulators/cityworks/server');
  const { startArcgisEmulator } = await import('../emulators/arcgis/server');
  const cityworks = await startCityworksEmulator({
    port: Number(process.env.CITYWORKS_EMULATOR_PORT || 8110),
    version: '15.8',
    stateFile: path.join(dataDir, 'cityworks-emulator.json'),
  });
  const arcgis = await startArcgisEmulator({ port: Number(process.env.ARCGIS_EMULATOR_PORT || 8120) });
  log(`Cityworks emulator: ${cityworks.url} (city staff page: ${cityworks.url}/_staff/) · ArcGIS emulator: ${arcgis.url}`);
  return {
    cityworksUrl: cityworks.url,
    geocoderUrl: arcgis.url,
    basemapUrl: arcgis.basemapUrl,
    stop: async () => {
      await Promise.all([cityworks.close(), arcgis.close()]);
    },
  };
}
