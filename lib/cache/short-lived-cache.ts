/**
 * A per-process cache whose entries live at most `ttlMs` from the moment their read started, so a
 * value is never older than that bound, whatever happens to the row meanwhile. For reads that every
 * request of a hot public route repeats and that change rarely (an organization's id by slug, a
 * category's form): callers must be able to accept a value up to `ttlMs` stale. A load that fails is
 * not kept; concurrent gets of a missing key share one load. At most `maxEntries` keys (the oldest
 * goes first), so keys chosen by a client (an unknown slug) cannot grow it without bound.
 */
export class ShortLivedCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (hit) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = load();
    const entry = { value, expiresAt: now + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
