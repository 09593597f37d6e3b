/**
 * A small time-bounded cache for lookups that every request repeats (API key → customer,
 * customer → plan, plan + model → rate). Entries live `ttlMs`; the size is bounded, so a flood
 * of distinct keys cannot grow memory. Values are promises, so concurrent misses share one query.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = load();
    // Failures and misses are not kept: the next request asks the database again.
    value.then(
      (v) => {
        if (v === null || v === undefined) this.entries.delete(key);
      },
      () => this.entries.delete(key),
    );
    if (this.entries.size >= this.maxEntries) this.evictExpired(now);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expires: now + this.ttlMs });
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
  }
}
