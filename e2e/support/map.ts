import { expect, type Locator } from '@playwright/test';

/**
 * Waits until the map has basemap tiles on screen and every one of them decoded to a real image
 * (naturalWidth > 0): a broken tile is an <img> too, so counting elements alone would pass.
 */
export async function expectBasemapTiles(map: Locator): Promise<number> {
  const tiles = map.locator('img.leaflet-tile-loaded');
  await expect.poll(() => tiles.count(), { timeout: 20_000 }).toBeGreaterThan(0);
  // Every tile Leaflet asked for has settled (it adds the class on load), so a screenshot is whole.
  await expect(map.locator('img.leaflet-tile:not(.leaflet-tile-loaded)')).toHaveCount(0);
  await expect
    .poll(() => tiles.evaluateAll((imgs) => imgs.length > 0 && imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  return tiles.count();
}
