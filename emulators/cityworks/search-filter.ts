import type { DataArgs } from './data-args';
import { isRecord, toBool, toNum, toStr } from './data-args';
import { NULL_DATE } from './wire-dates';
import { parseWireDate } from './wire-dates';
import type { WireValue } from './types';

export interface SearchSpec {
  /** Filter names that map to a differently named record field (e.g. RequestIds -> RequestId). */
  aliases: Record<string, string>;
  /** Boolean filters and the record field they test. */
  flags: Record<string, (r: Record<string, WireValue>) => boolean>;
  xField: string;
  yField: string;
}

/**
 * Cityworks search objects: every field is a list of accepted values, `XBegin`/`XEnd` bound a date
 * field, booleans test flags, `MaxResults` caps the list. Unknown members are ignored, as
 * Newtonsoft does.
 */
export function searchRecords<T extends Record<string, WireValue>>(records: T[], args: DataArgs, spec: SearchSpec): T[] {
  const tests: ((r: T) => boolean)[] = [];
  const sample = records[0];
  const fieldByLower = new Map<string, string>(sample ? Object.keys(sample).map((k) => [k.toLowerCase(), k]) : []);
  for (const key of args.keys()) {
    const lower = key.toLowerCase();
    const raw = args.get(key);
    if (raw === null || raw === undefined || lower === 'maxresults') continue;
    const flag = Object.entries(spec.flags).find(([name]) => name.toLowerCase() === lower)?.[1];
    if (flag) {
      const want = toBool(raw);
      if (want !== undefined) tests.push((r) => flag(r) === want);
      continue;
    }
    if (lower === 'extent' && isRecord(raw)) {
      const e = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), toNum(v)]));
      const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => e.get(k));
      if (xmin !== undefined && ymin !== undefined && xmax !== undefined && ymax !== undefined) {
        tests.push((r) => {
          const x = toNum(r[spec.xField]);
          const y = toNum(r[spec.yField]);
          return x !== undefined && y !== undefined && x >= xmin && x <= xmax && y >= ymin && y <= ymax;
        });
      }
      continue;
    }
    const range = /^(.*)(begin|end)$/.exec(lower);
    if (range?.[1] && fieldByLower.has(range[1])) {
      const field = fieldByLower.get(range[1]) ?? '';
      const bound = parseWireDate(raw);
      if (bound === null) continue;
      const isBegin = range[2] === 'begin';
      tests.push((r) => {
        const v = r[field];
        if (typeof v !== 'string' || v === NULL_DATE) return false;
        return isBegin ? v >= bound : v <= bound;
      });
      continue;
    }
    const aliasKey = Object.keys(spec.aliases).find((a) => a.toLowerCase() === lower);
    const field = aliasKey ? spec.aliases[aliasKey] : fieldByLower.get(lower);
    if (!field) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => toStr(v)?.toLowerCase()).filter((v): v is string => v !== undefined);
    if (values.length === 0) continue;
    tests.push((r) => {
      const v = toStr(r[field]);
      return v !== undefined && values.includes(v.toLowerCase());
    });
  }
  const found = records.filter((r) => tests.every((t) => t(r)));
  const max = args.num('MaxResults');
  return max !== undefined && max > 0 ? found.slice(0, max) : found;
}
