'use client';

import dynamic from 'next/dynamic';

// Leaflet touches `window` at import time, so it is loaded in the browser only.
export const IssuesMap = dynamic(() => import('./LeafletIssuesMap'), {
  ssr: false,
  loading: () => <div className="map map-loading" aria-busy="true">Loading map…</div>,
});
