'use client';

import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { IssueListRow } from '@/lib/crm/issue-queries';
import { useBasemap } from '@/components/map/BasemapContext';
import { TILE_FAILURE_MESSAGE, useBasemapLayer } from '@/components/map/use-basemap-layer';
import { textContent } from '@/components/map/text-content';

const COLOR: Record<string, string> = { OPEN: '#f79009', ACKNOWLEDGED: '#0b5cab', CLOSED: '#12b76a', ARCHIVED: '#98a2b3' };

/** One circle per issue, coloured by status, linking to the issue page, over the organization's basemap. */
export default function LeafletIssuesMap({ issues, hrefFor }: { issues: readonly IssueListRow[]; hrefFor: (number: number) => string }) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const group = useRef<L.FeatureGroup | null>(null);
  const basemap = useBasemap();

  useEffect(() => {
    if (!container.current) return;
    const m = L.map(container.current, { keyboard: true, attributionControl: true }).fitBounds([[24, -125], [50, -66]]);
    group.current = L.featureGroup().addTo(m);
    map.current = m;
    // Leaflet measures its container once; later layout changes (zoom, rotation) need telling.
    const resized = new ResizeObserver(() => m.invalidateSize());
    resized.observe(container.current);
    return () => {
      resized.disconnect();
      m.remove();
      map.current = null;
    };
  }, []);

  // After the effect that creates the map: the tile layer is added to it.
  const tilesFailing = useBasemapLayer(map, basemap);

  useEffect(() => {
    const m = map.current;
    const g = group.current;
    if (!m || !g) return;
    g.clearLayers();
    for (const i of issues) {
      const marker = L.circleMarker([i.lat, i.lng], { radius: 7, color: '#1b2430', weight: 1.5, fillColor: COLOR[i.status] ?? '#667085', fillOpacity: 0.9, className: 'issue-marker' });
      // The summary is the reporter's text: a text node, never an HTML string (see text-content.ts).
      marker.bindTooltip(textContent(`#${i.number} ${i.summary} (${i.status.toLowerCase()})`));
      marker.on('click', () => window.location.assign(hrefFor(i.number)));
      g.addLayer(marker);
    }
    const bounds = g.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }, [issues, hrefFor]);

  return (
    <>
      <div ref={container} className="map" style={{ height: 420 }} role="region" aria-label="Map of the listed issues" data-testid="issues-map" data-marker-count={issues.length} />
      <p aria-live="polite" className="hint" data-testid="issues-map-status">{tilesFailing ? TILE_FAILURE_MESSAGE : ''}</p>
    </>
  );
}
