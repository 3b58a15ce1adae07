import { parseWireDate } from './wire-dates';

/**
 * The `data` object of a call, read the way Newtonsoft binds it: keys match case-insensitively,
 * numeric strings become numbers, "true"/"false" become booleans, a scalar where a list is
 * expected becomes a one-item list.
 */
export class DataArgs {
  private readonly byKey = new Map<string, unknown>();

  constructor(readonly raw: Record<string, unknown>) {
    for (const [k, v] of Object.entries(raw)) this.byKey.set(k.toLowerCase(), v);
  }

  static from(value: unknown): DataArgs {
    return new DataArgs(isRecord(value) ? value : {});
  }

  has(key: string): boolean {
    const v = this.byKey.get(key.toLowerCase());
    return v !== undefined && v !== null;
  }

  keys(): string[] {
    return Object.keys(this.raw);
  }

  get(key: string): unknown {
    return this.byKey.get(key.toLowerCase());
  }

  str(key: string): string | undefined {
    return toStr(this.get(key));
  }

  num(key: string): number | undefined {
    return toNum(this.get(key));
  }

  bool(key: string): boolean | undefined {
    return toBool(this.get(key));
  }

  date(key: string): string | undefined {
    return parseWireDate(this.get(key)) ?? undefined;
  }

  list(key: string): unknown[] | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    return Array.isArray(v) ? v : [v];
  }

  numList(key: string): number[] | undefined {
    return this.list(key)?.map(toNum).filter((n): n is number => n !== undefined);
  }

  strList(key: string): string[] | undefined {
    return this.list(key)?.map(toStr).filter((s): s is string => s !== undefined);
  }

  record(key: string): DataArgs | undefined {
    const v = this.get(key);
    return isRecord(v) ? new DataArgs(v) : undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function toStr(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function toNum(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  if (typeof v === 'number') return v !== 0;
  return undefined;
}
