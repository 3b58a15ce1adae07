import type { MultiPolygon, Polygon, Position } from 'geojson';

export type { MultiPolygon, Polygon, Position };

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

/** A ring as [x, y] pairs; closed (first === last) once it leaves ring-repair. */
export type Ring = Array<[number, number]>;
