/**
 * Typed failures of the geography library. The upload API maps `GeoIngestError.code` to an HTTP 4xx
 * and shows `message` to the implementation manager, so messages name the file, feature and ring.
 */
export type GeoIngestErrorCode =
  | 'UNSUPPORTED_FORMAT' // neither a zip nor GeoJSON
  | 'UPLOAD_TOO_LARGE'
  | 'ZIP_CORRUPT'
  | 'ZIP_BOMB' // central directory or inflated data over the size / ratio limits
  | 'ZIP_NO_SHP'
  | 'ZIP_MULTIPLE_LAYERS'
  | 'SHP_CORRUPT'
  | 'DBF_CORRUPT'
  | 'DBF_ENCODING_UNSUPPORTED' // the admin's encoding override is not one of the offered labels
  | 'GEOJSON_INVALID'
  | 'PRJ_UNSUPPORTED' // a .prj proj4 cannot read
  | 'COORDINATES_NOT_LONLAT' // no .prj and the coordinates are not degrees
  | 'NON_POLYGON_GEOMETRY'
  | 'INVALID_GEOMETRY' // self-intersection or ring that cannot be repaired
  | 'TOO_MANY_VERTICES'
  | 'NO_FEATURES';

/** One feature or ring that made the upload unacceptable. */
export interface RefusedItem {
  /** 1-based feature number in the uploaded file (the row an admin sees in GIS software). */
  feature: number;
  /** 1-based ring number within the feature as stored, when the problem is one ring. */
  ring: number | null;
  reason: string;
}

export class GeoIngestError extends Error {
  override readonly name = 'GeoIngestError';
  constructor(
    readonly code: GeoIngestErrorCode,
    message: string,
    /** Every refused feature/ring, not only the first, so the admin can fix the file in one pass. */
    readonly refused: readonly RefusedItem[] = [],
  ) {
    super(message);
  }
}

/** An SRID that is neither built in, nor in the bundled EPSG index, nor an Esri WKID in Esri's list. */
export class UnknownSridError extends Error {
  override readonly name = 'UnknownSridError';
  readonly code = 'UNKNOWN_SRID';
  constructor(readonly srid: number | string) {
    super(`Unknown spatial reference: ${String(srid)} is neither an EPSG code nor an Esri WKID we know`);
  }
}

/** Geometry handed to the point index that turf itself would reject (unclosed ring, empty ring). */
export class InvalidIndexGeometryError extends Error {
  override readonly name = 'InvalidIndexGeometryError';
  readonly code = 'INVALID_INDEX_GEOMETRY';
}
