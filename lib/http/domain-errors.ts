import { ZodError } from 'zod';
import { AddressSearchError, type AddressSearchErrorCode } from '@/lib/crm/address-search';
import { ActionRefused } from '@/lib/crm/staff-actions';
import { InvalidReport } from '@/lib/crm/submit-report';
import { GeoIngestError, type GeoIngestErrorCode } from '@/lib/geo/errors';
import { badRequest, HttpError } from './errors';

/**
 * The one mapping from the typed errors of lib/ to HTTP. Every route wrapper (lib/http/route.ts)
 * answers with it, so a route never catches a domain error itself and a new route cannot forget
 * one: a use case throws what happened, the edge decides the status.
 */

// 502: the organization's geocoder failed, not this server; the message never names the geocoder.
const ADDRESS_SEARCH: Record<AddressSearchErrorCode, { status: number; code: string }> = {
  UNKNOWN_ORGANIZATION: { status: 404, code: 'not_found' },
  NOT_AVAILABLE: { status: 404, code: 'address_search_unavailable' },
  GEOCODER_FAILED: { status: 502, code: 'geocoder_failed' },
};

/**
 * One status per ingest failure, so clients can branch on the status and show `message` as is:
 * 413 for size limits, 415 for a file that is not a geography format, 422 for a readable file whose
 * content cannot be an agency geography, 400 for a broken file.
 */
const GEO_INGEST: Record<GeoIngestErrorCode, number> = {
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

/** The HttpError a thrown value answers as, or null for an unexpected failure (a 500). */
export function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new HttpError(400, 'invalid_input', 'Some fields are not valid.', details);
  }
  // A staff action the issue's state does not allow now (close a closed issue): the reason is for the user.
  if (err instanceof ActionRefused) return new HttpError(409, 'refused', err.message);
  if (err instanceof InvalidReport) {
    return badRequest('Some answers are missing or not valid.', err.problems.map((p) => ({ path: p.field, message: p.message })));
  }
  if (err instanceof AddressSearchError) return new HttpError(ADDRESS_SEARCH[err.code].status, ADDRESS_SEARCH[err.code].code, err.message);
  if (err instanceof GeoIngestError) {
    return new HttpError(GEO_INGEST[err.code], err.code, err.message, err.refused.length > 0 ? { refused: err.refused } : undefined);
  }
  return null;
}
