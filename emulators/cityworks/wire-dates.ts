/** Cityworks speaks server-local times without a zone; nulls are the .NET MinValue. */
export const NULL_DATE = '0001-01-01T00:00:00';
export const NULL_NUMBER = -9999;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatLocal(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function localNow(): string {
  return formatLocal(new Date());
}

/**
 * Accepts `2024-05-01T13:00:00.000Z` (an instant, converted to server-local), `2021-12-11T00:00:00`
 * (already local) and `2024-05-01` (local midnight). Returns null for anything else.
 */
export function parseWireDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00`;
  const local = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?$/.exec(v);
  if (local?.[1]) return local[1].length === 16 ? `${local[1]}:00` : local[1];
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : formatLocal(d);
  }
  return null;
}
