import { parseDbf } from 'shpjs';
import { DBF_ENCODING_CHOICES } from './dbf-encodings';
import { GeoIngestError } from './errors';

/**
 * DBF attribute decoding with an honest guess at the text encoding.
 *
 * Without a .cpg, shpjs (parsedbf) decodes everything as UTF-8, which turns Latin-1 "Café" into
 * "Caf\uFFFD". Order of evidence here: the .cpg; then the bytes themselves (non-ASCII bytes that form
 * valid UTF-8 are UTF-8: Windows-1252 text practically never does); then the DBF language driver id
 * (byte 29); then Windows-1252, the ESRI default, a superset of Latin-1's printable range.
 */

export interface DbfEncoding {
  /** WHATWG label passed to TextDecoder, e.g. "utf-8", "windows-1252". */
  label: string;
  source: 'cpg' | 'utf8-validation' | 'ascii' | 'language-driver' | 'default' | 'override';
  /** The language driver byte as found, for the report. */
  languageDriver: number;
}

// ESRI / xBase language driver ids that map onto encodings TextDecoder knows.
const LANGUAGE_DRIVERS: ReadonlyMap<number, string> = new Map([
  [0x03, 'windows-1252'],
  [0x57, 'windows-1252'],
  [0x58, 'windows-1252'],
  [0x59, 'windows-1252'],
  [0x65, 'ibm866'],
  [0x66, 'windows-1252'],
  [0x7d, 'windows-1255'],
  [0x7e, 'windows-1256'],
  [0xc8, 'windows-1250'],
  [0xc9, 'windows-1251'],
  [0xca, 'windows-1254'],
  [0xcb, 'windows-1253'],
  [0xcc, 'windows-1257'],
  [0x4d, 'gbk'],
  [0x4e, 'euc-kr'],
  [0x4f, 'big5'],
  [0x7b, 'shift_jis'],
  [0x7c, 'windows-874'],
]);

export function detectDbfEncoding(dbf: Buffer, cpg: string | undefined): DbfEncoding {
  const languageDriver = dbf.length > 29 ? dbf[29]! : 0;
  const fromCpg = cpg ? cpgToLabel(cpg) : null;
  if (fromCpg) return { label: fromCpg, source: 'cpg', languageDriver };
  const headerLength = dbf.length >= 10 ? dbf.readUInt16LE(8) : dbf.length;
  const body = dbf.subarray(Math.min(headerLength, dbf.length));
  if (!body.some((b) => b >= 0x80)) return { label: 'utf-8', source: 'ascii', languageDriver };
  if (isValidUtf8(body)) return { label: 'utf-8', source: 'utf8-validation', languageDriver };
  const fromDriver = LANGUAGE_DRIVERS.get(languageDriver);
  if (fromDriver) return { label: fromDriver, source: 'language-driver', languageDriver };
  return { label: 'windows-1252', source: 'default', languageDriver };
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function cpgToLabel(cpg: string): string | null {
  const text = cpg.trim();
  const candidates = [text, /^(?:ANSI\s*)?(\d{3,4})$/i.test(text) ? `windows-${/(\d+)/.exec(text)?.[1]}` : null, /^88591$/.test(text) ? 'iso-8859-1' : null];
  for (const c of candidates) {
    if (!c) continue;
    try {
      return new TextDecoder(c).encoding;
    } catch {
      // not a label TextDecoder knows; try the next reading
    }
  }
  return null;
}

export type DbfRow = Record<string, string | number | boolean | null>;

export function readDbf(dbf: Buffer, cpg: string | undefined, fileName: string, override?: string): { rows: DbfRow[]; encoding: DbfEncoding } {
  let encoding = detectDbfEncoding(dbf, cpg);
  if (override !== undefined) {
    if (!DBF_ENCODING_CHOICES.includes(override)) {
      throw new GeoIngestError('DBF_ENCODING_UNSUPPORTED', `${override} is not an encoding attribute text can be read with (choose one of ${DBF_ENCODING_CHOICES.join(', ')})`);
    }
    encoding = { label: override, source: 'override', languageDriver: encoding.languageDriver };
  }
  if (dbf.length < 32 || dbf.readUInt16LE(8) > dbf.length) {
    throw new GeoIngestError('DBF_CORRUPT', `${fileName} is corrupt: its header is cut off`);
  }
  const records = dbf.readUInt32LE(4);
  const headerLength = dbf.readUInt16LE(8);
  const recordLength = dbf.readUInt16LE(10);
  if (headerLength + records * recordLength > dbf.length) {
    throw new GeoIngestError('DBF_CORRUPT', `${fileName} is corrupt: ${records} records do not fit in ${dbf.length} bytes`);
  }
  let raw: Array<Record<string, unknown>>;
  try {
    raw = parseDbf(dbf, encoding.label);
  } catch (error) {
    throw new GeoIngestError('DBF_CORRUPT', `${fileName} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rows = raw.map((row) => {
    const out: DbfRow = {};
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
      else if (typeof value === 'number') out[key] = Number.isFinite(value) ? value : null;
      else if (value instanceof Date) out[key] = Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
      else out[key] = null;
    }
    return out;
  });
  return { rows, encoding };
}
