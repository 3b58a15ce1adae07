'use client';

import dynamic from 'next/dynamic';
import { useBasemap } from './BasemapContext';
import type { GeoMapProps } from './types';

// Leaflet touches `window` at import time, so it is loaded in the browser only.
const LeafletGeoMap = dynamic(() => import('./LeafletGeoMap'), {
  ssr: false,
  loading: () => <div className="map map-loading" aria-busy="true">Loading map…</div>,
});

export function GeoMap(props: GeoMapProps) {
  return <LeafletGeoMap basemap={useBasemap()} {...props} />;
}
