'use client';

import L from 'leaflet';
import { useEffect, useState, type RefObject } from 'react';
import type { Basemap } from '@/lib/maps/basemap';

export const TILE_FAILURE_MESSAGE = 'The street map could not be loaded; the map still works without it.';

/**
 * Call it after the effect that creates the map (effects run in order). Puts the basemap's tiles under a Leaflet map (replacing them when the basemap changes) and says
 * whether tiles are failing. A failed tile only leaves a blank square: shapes, pins and clicks keep
 * working, and the caller shows a quiet status line instead of an error.
 */
export function useBasemapLayer(map: RefObject<L.Map | null>, basemap: Basemap | null | undefined): boolean {
  // Which basemap's tiles failed: a newly chosen basemap starts out as not failing.
  const [failedFor, setFailedFor] = useState<Basemap | null>(null);
  useEffect(() => {
    const m = map.current;
    if (!m || !basemap) return;
    // Leaflet writes the attribution as HTML; the organization's text is escaped into plain text.
    const tiles = L.tileLayer(basemap.tileUrl, { attribution: escapeHtml(basemap.attribution), maxZoom: 19 });
    // Leaflet fires 'load' once every visible tile has settled, failed ones included: only a round
    // (from 'loading' to 'load') without a single error clears the message.
    let errored = false;
    tiles.on('loading', () => {
      errored = false;
    });
    tiles.on('tileerror', () => {
      errored = true;
      setFailedFor(basemap);
    });
    tiles.on('load', () => {
      if (!errored) setFailedFor(null);
    });
    tiles.addTo(m);
    tiles.bringToBack();
    return () => {
      tiles.remove();
    };
  }, [map, basemap]);
  return !!basemap && failedFor === basemap;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
