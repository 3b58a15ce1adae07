/**
 * Cityworks writes dates as server-local wall time with no offset ("2021-12-11T00:07:37") and a
 * null date as "0001-01-01T00:00:00". These helpers convert between that and real instants using
 * the site's IANA time zone.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/;
const DOTNET = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(utcMs: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms. */
function offsetAt(utcMs: number, timeZone: string): number {
  const w = wallTime(utcMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

function zonedToUtc(fields: number[], ms: number, timeZone: string): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = fields;
  const guess = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // UTC has no offset to look up (Intl's formatToParts costs microseconds per date, and a record holds dozens).
  if (timeZone === 'UTC') return guess;
  // Two passes settle the offset across a DST change.
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** Parses a Cityworks date; the 0001-01-01 sentinel, empty text and garbage become null. */
export function parseCityworksDate(value: unknown, timeZone = 'UTC'): Date | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '' || text.startsWith('0001-01-01')) return null;
  const dotnet = DOTNET.exec(text);
  if (dotnet?.[1]) return new Date(Number(dotnet[1]));
  const local = LOCAL.exec(text);
  if (local) {
    const fields = local.slice(1, 7).map((v) => (v === undefined ? 0 : Number(v)));
    const ms = local[7] ? Number(local[7].padEnd(3, '0').slice(0, 3)) : 0;
    return new Date(zonedToUtc(fields, ms, timeZone));
  }
  // Anything with an explicit offset or Z is an instant already.
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : new Date(parsed);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Formats an instant as the server-local wall time Cityworks expects in filters and fields. */
export function formatCityworksDate(date: Date, timeZone = 'UTC'): string {
  const w = wallTime(date.getTime(), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** -9999 is Cityworks' null number. */
export function cityworksNumber(value: number | null | undefined): number | null {
  if (value === null || value === undefined || value === -9999 || Number.isNaN(value)) return null;
  return value;
}
