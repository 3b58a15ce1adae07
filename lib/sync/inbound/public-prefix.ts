/**
 * Cityworks staff mark a comment for the public by starting it with the integration's prefix
 * (default "To SCF:"). Case and surrounding white space do not matter; the prefix is removed.
 * Returns null for a comment that is not public, or is nothing but the prefix.
 */
export function publicText(comment: string, prefix: string): string | null {
  const text = comment.trim();
  const p = prefix.trim();
  if (p === '' || text.length < p.length) return null;
  if (text.slice(0, p.length).toLowerCase() !== p.toLowerCase()) return null;
  const rest = text.slice(p.length).trim();
  return rest === '' ? null : rest;
}

/** Like publicText, but an attachment marked public with an empty caption is still public. */
export function isMarkedPublic(comment: string, prefix: string): boolean {
  const text = comment.trim();
  const p = prefix.trim();
  return p !== '' && text.slice(0, p.length).toLowerCase() === p.toLowerCase();
}
