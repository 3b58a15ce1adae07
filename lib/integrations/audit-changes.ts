import type { Prisma } from '@/generated/prisma/client';

type Json = Prisma.InputJsonValue | null;

/**
 * Field-by-field differences as `{ "path.to.field": { from, to } }`, descending into objects so a
 * settings change names the exact setting. Arrays are compared whole.
 */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): Record<string, { from: Json; to: Json }> {
  const out: Record<string, { from: Json; to: Json }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(a) && isPlainObject(b)) {
      Object.assign(out, diffFields(a, b, path));
    } else if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) {
      out[path] = { from: toJson(a), to: toJson(b) };
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function toJson(v: unknown): Json {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  return JSON.parse(JSON.stringify(v)) as Json;
}
