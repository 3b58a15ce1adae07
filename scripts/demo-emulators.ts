/** The demo organization's Cityworks and ArcGIS, when no real server is configured (wired up with the emulators). */
export async function startDemoEmulators(
  _dataDir: string,
  _log: (s: string) => void,
): Promise<{ cityworksUrl: string; geocoderUrl: string; stop: () => Promise<void> } | null> {
  return null;
}
