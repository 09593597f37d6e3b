import type { Db } from "@meterkit/db";
import { loadAccount, type Account } from "@meterkit/gateway";

/**
 * Accounts remembered for `ttlMs`, as the /v1 API does (decision 082): a plan change or a
 * suspension reaches the chat within that time. Spend, reservations and rate limits are never
 * cached; they are read inside admission. Promises are kept so concurrent misses share one query.
 */
export function cachedAccounts(db: Db, ttlMs = 2_000, maxEntries = 10_000) {
  const entries = new Map<string, { value: Promise<Account | null>; expires: number }>();
  return (customerId: string): Promise<Account | null> => {
    const now = Date.now();
    const hit = entries.get(customerId);
    if (hit && hit.expires > now) return hit.value;
    const value = loadAccount(db, customerId);
    // Misses and failures are not kept: the next message asks the database again.
    value.then(
      (account) => {
        if (!account) entries.delete(customerId);
      },
      () => entries.delete(customerId),
    );
    if (entries.size >= maxEntries) for (const [key, entry] of entries) if (entry.expires <= now) entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(customerId, { value, expires: now + ttlMs });
    return value;
  };
}
