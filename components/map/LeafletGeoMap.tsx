'use client';

import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { textContent } from './text-content';
import { TILE_FAILURE_MESSAGE, useBasemapLayer } from './use-basemap-layer';
import type { GeoMapProps, MapLayerKind } from './types';

/**
 * GeoJSON vector layers over the organization's basemap tiles (when it has one). Every path carries a
 * class per kind (`geo-agency`, `geo-preview`, `geo-overlap`, `geo-pin`) for styling and for tests to
 * count what is drawn. Tiles that fail to load leave the map working: the shapes, the pin and
 * clicking still do, and a quiet status line says the street map is missing.
 */
const STYLE: Record<MapLayerKind, L.PathOptions> = {
  agency: { color: '#5b6675', weight: 1.5, fillOpacity: 0.12, dashArray: '4 3' },
  preview: { color: '#0b5cab', weight: 2.5, fillOpacity: 0.3 },
  overlap: { color: '#b42318', weight: 2, fillOpacity: 0.45 },
  repaired: { color: '#7a2e0e', weight: 3, fillOpacity: 0.15, dashArray: '6 4' },
  'repair-point': { color: '#7a2e0e', weight: 2, fillColor: '#fdb022', fillOpacity: 1 },
};
const WORLD: L.LatLngBoundsExpression = [[24, -125], [50, -66]];
// Close enough to tell one block from the next, without zooming out a citizen who zoomed in further.
const FOCUS_ZOOM = 16;

export default function LeafletGeoMap({ label, layers, pin, focus, onPick, initialBbox, height = 420, testId, basemap }: GeoMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const shapes = useRef<L.FeatureGroup | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);

  useEffect(() => {
    if (!container.current) return;
    const m = L.map(container.current, { zoomControl: true, keyboard: true, attributionControl: true });
    if (initialBbox) m.fitBounds([[initialBbox[1], initialBbox[0]], [initialBbox[3], initialBbox[2]]], { padding: [16, 16] });
    else m.fitBounds(WORLD);
    shapes.current = L.featureGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => pick.current?.({ lat: e.latlng.lat, lng: e.latlng.lng }));
    map.current = m;
    // Leaflet measures its container once; the page may still be laying out (styles of the lazily
    // loaded map arrive after it), and zooming the page or turning a phone resizes it later.
    const resized = new ResizeObserver(() => m.invalidateSize());
    resized.observe(container.current);
    return () => {
      resized.disconnect();
      m.remove();
      map.current = null;
    };
    // The initial view only; later views follow the layers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const tilesFailing = useBasemapLayer(map, basemap);

  useEffect(() => {
    const m = map.current;
    const group = shapes.current;
    if (!m || !group) return;
    group.clearLayers();
    for (const layer of layers) {
      const style = { ...STYLE[layer.kind], className: `geo-${layer.kind}` };
      const drawn = L.geoJSON(layer.geometry, { style, interactive: !onPick, pointToLayer: (_f, at) => L.circleMarker(at, { ...style, radius: 6 }) });
      // Agency names and uploaded attribute values: a text node, never an HTML string.
      drawn.bindTooltip(textContent(layer.label), { sticky: true });
      group.addLayer(drawn);
    }
    const focus = layers.some((l) => l.kind === 'preview') ? layers.filter((l) => l.kind !== 'agency' && l.kind !== 'repair-point') : layers;
    if (focus.length > 0) {
      const bounds = L.geoJSON(focus.map((l) => l.geometry)).getBounds();
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16] });
    }
  }, [layers, onPick]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    marker.current?.remove();
    marker.current = null;
    if (pin) {
      marker.current = L.circleMarker([pin.lat, pin.lng], { radius: 8, color: '#1b2430', weight: 2, fillColor: '#f79009', fillOpacity: 1, className: 'geo-pin', interactive: false }).addTo(m);
      if (!m.getBounds().contains([pin.lat, pin.lng])) m.panTo([pin.lat, pin.lng]);
    }
  }, [pin]);

  useEffect(() => {
    const m = map.current;
    if (!m || !focus) return;
    m.setView([focus.lat, focus.lng], Math.max(m.getZoom(), FOCUS_ZOOM));
  }, [focus]);

  return (
    <>
      <div ref={container} className="map" style={{ height }} role="region" aria-label={label} data-testid={testId} data-layer-count={layers.length} />
      <p aria-live="polite" className="hint map-status" data-testid={testId ? `${testId}-status` : undefined}>
        {tilesFailing ? TILE_FAILURE_MESSAGE : ''}
      </p>
    </>
  );
}

