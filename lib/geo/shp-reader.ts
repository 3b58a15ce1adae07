import { GeoIngestError } from './errors';

/**
 * Strict reader for the polygon records of an ESRI .shp file.
 *
 * shpjs 6.2.0 is not used for geometry because, on real files, it (1) stops silently at a truncated
 * record, so a corrupt upload would pass as a smaller geography, (2) assigns holes by bounding box
 * only and drops holes no outer box contains, and (3) reprojects the bbox corners instead of the
 * geometry. Here every length and index is checked against the buffer and rings are returned raw,
 * as stored, for the caller to assemble.
 */

export const SHAPE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};
const POLYGON_TYPES = new Set([5, 15, 25]);

export interface ShpRecord {
  /** 0-based position in the file, which is also the DBF row. */
  index: number;
  /** Raw rings in file order, each a flat [x0, y0, x1, y1, ...] array. Empty for a null shape. */
  rings: Float64Array[];
}

export interface ShpFile {
  shapeType: number;
  records: ShpRecord[];
  vertexCount: number;
}

const HEADER_BYTES = 100;

export function readShp(buf: Buffer, fileName: string, maxVertices: number): ShpFile {
  const corrupt = (why: string): GeoIngestError => new GeoIngestError('SHP_CORRUPT', `${fileName} is corrupt: ${why}`);
  if (buf.length < HEADER_BYTES) throw corrupt(`${buf.length} bytes is shorter than the 100-byte header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getInt32(0, false) !== 9994) throw corrupt('file code is not 9994 (not a shapefile)');
  const declaredBytes = view.getInt32(24, false) * 2;
  if (declaredBytes > buf.length) throw corrupt(`header declares ${declaredBytes} bytes but the file has ${buf.length} (truncated)`);
  if (declaredBytes < HEADER_BYTES) throw corrupt(`header declares an impossible length of ${declaredBytes} bytes`);
  const shapeType = view.getInt32(32, true);
  if (!(shapeType in SHAPE_TYPE_NAMES)) throw corrupt(`unknown shape type ${shapeType}`);
  if (!POLYGON_TYPES.has(shapeType) && shapeType !== 0) {
    throw new GeoIngestError(
      'NON_POLYGON_GEOMETRY',
      `${fileName} holds ${SHAPE_TYPE_NAMES[shapeType]} features; an agency geography must be polygons`,
    );
  }

  const records: ShpRecord[] = [];
  let vertexCount = 0;
  let offset = HEADER_BYTES;
  while (offset < declaredBytes) {
    const index = records.length;
    if (offset + 8 > declaredBytes) throw corrupt(`record ${index + 1} header is cut off at byte ${offset}`);
    const contentBytes = view.getInt32(offset + 4, false) * 2;
    const start = offset + 8;
    const end = start + contentBytes;
    if (contentBytes < 4 || end > declaredBytes) {
      throw corrupt(`record ${index + 1} declares ${contentBytes} bytes, past the end of the file`);
    }
    const recordType = view.getInt32(start, true);
    if (recordType === 0) {
      records.push({ index, rings: [] });
    } else if (recordType !== shapeType) {
      if (!POLYGON_TYPES.has(recordType)) {
        throw new GeoIngestError(
          'NON_POLYGON_GEOMETRY',
          `${fileName} feature ${index + 1} is a ${SHAPE_TYPE_NAMES[recordType] ?? `type ${recordType}`}; an agency geography must be polygons`,
        );
      }
      throw corrupt(`record ${index + 1} has shape type ${recordType} in a file of type ${shapeType}`);
    } else {
      if (contentBytes < 44) throw corrupt(`record ${index + 1} is too short for a polygon`);
      const numParts = view.getInt32(start + 36, true);
      const numPoints = view.getInt32(start + 40, true);
      const pointsStart = start + 44 + 4 * numParts;
      if (numParts < 0 || numPoints < 0 || pointsStart + 16 * numPoints > end) {
        throw corrupt(`record ${index + 1} claims ${numParts} parts and ${numPoints} points, more than its ${contentBytes} bytes hold`);
      }
      vertexCount += numPoints;
      if (vertexCount > maxVertices) {
        throw new GeoIngestError('TOO_MANY_VERTICES', `${fileName} has more than ${maxVertices} vertices (limit)`);
      }
      const rings: Float64Array[] = [];
      for (let p = 0; p < numParts; p++) {
        const from = view.getInt32(start + 44 + 4 * p, true);
        const to = p + 1 < numParts ? view.getInt32(start + 44 + 4 * (p + 1), true) : numPoints;
        if (from < 0 || to > numPoints || to < from || (p === 0 && from !== 0)) {
          throw corrupt(`record ${index + 1} part ${p + 1} has invalid point indices ${from}..${to}`);
        }
        const coords = new Float64Array((to - from) * 2);
        for (let i = from, j = 0; i < to; i++, j += 2) {
          const x = view.getFloat64(pointsStart + 16 * i, true);
          const y = view.getFloat64(pointsStart + 16 * i + 8, true);
          if (!Number.isFinite(x) || !Number.isFinite(y)) {
            throw corrupt(`record ${index + 1} part ${p + 1} has a non-numeric coordinate`);
          }
          coords[j] = x;
          coords[j + 1] = y;
        }
        if (coords.length > 0) rings.push(coords);
      }
      records.push({ index, rings });
    }
    offset = end;
  }
  return { shapeType, records, vertexCount };
}
