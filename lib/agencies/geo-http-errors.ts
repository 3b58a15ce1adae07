import { GeoIngestError, type GeoIngestErrorCode } from '@/lib/geo/errors';
import { HttpError } from '@/lib/http/errors';

/**
 * One status per ingest failure, so clients can branch on the status and show `message` as is:
 * 413 for size limits, 415 for a file that is not a geography format, 422 for a readable file whose
 * content cannot be an agency geography, 400 for a broken file.
 */
const STATUS: Record<GeoIngestErrorCode, number> = {
  UPLOAD_TOO_LARGE: 413,
  ZIP_BOMB: 413,
  TOO_MANY_VERTICES: 413,
  UNSUPPORTED_FORMAT: 415,
  ZIP_CORRUPT: 400,
  ZIP_NO_SHP: 400,
  ZIP_MULTIPLE_LAYERS: 400,
  SHP_CORRUPT: 400,
  DBF_CORRUPT: 400,
  DBF_ENCODING_UNSUPPORTED: 400,
  GEOJSON_INVALID: 400,
  PRJ_UNSUPPORTED: 422,
  COORDINATES_NOT_LONLAT: 422,
  NON_POLYGON_GEOMETRY: 422,
  INVALID_GEOMETRY: 422,
  NO_FEATURES: 422,
};

export function geoIngestHttpError(err: GeoIngestError): HttpError {
  return new HttpError(STATUS[err.code], err.code, err.message, err.refused.length > 0 ? { refused: err.refused } : undefined);
}

/** Runs an ingest step and turns its typed failure into the API's error envelope. */
export async function withGeoErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof GeoIngestError) throw geoIngestHttpError(err);
    throw err;
  }
}
