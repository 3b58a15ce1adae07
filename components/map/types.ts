import type { Geometry } from 'geojson';
import type { Basemap } from '@/lib/maps/basemap';

/**
 * How a layer is drawn: saved agencies, the upload being previewed, shared areas, polygons the upload
 * repaired, and the points where the repair happened.
 */
export type MapLayerKind = 'agency' | 'preview' | 'overlap' | 'repaired' | 'repair-point';

export interface MapLayer {
  id: string;
  kind: MapLayerKind;
  label: string;
  geometry: Geometry;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface GeoMapProps {
  /** Accessible name of the map region. */
  label: string;
  layers: readonly MapLayer[];
  pin?: LatLng | null;
  /** Centers the map on this point, zooming in to street level, each time a new object is passed. */
  focus?: LatLng | null;
  onPick?: (point: LatLng) => void;
  /** [minLon, minLat, maxLon, maxLat] to show when there is nothing to fit. */
  initialBbox?: readonly [number, number, number, number] | null;
  height?: number;
  testId?: string;
  /** Tiles drawn under the layers; from the BasemapProvider unless given. */
  basemap?: Basemap | null;
}
