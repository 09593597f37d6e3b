import { sql, type Kysely } from "kysely";
import type { Database } from "../schema/index.js";

/**
 * Rows that only ever accumulate unless someone deletes them, and when each is dead:
 * - sessions past their expiry (a log-out deletes its own; abandoned ones stay otherwise),
 * - password-reset tokens a day after they expired or were used (kept that long so support can
 *   see that a reset was asked for),
 * - rate-limit buckets older than two windows (the sliding window reads the current and the
 *   previous minute only; login throttles, in the same table, read two 15-minute windows).
 */
const expiredRows = {
  sessions: (now: Date) => sql<boolean>`expires_at < ${now}`,
  password_resets: (now: Date) => sql<boolean>`coalesce(used_at, expires_at) < ${now}::timestamptz - interval '1 day'`,
  rate_limit_buckets: (now: Date) => sql<boolean>`window_start < ${now}::timestamptz - interval '2 hours'`,
} as const;

export type ExpiredRowCounts = Record<keyof typeof expiredRows, number>;

/**
 * Deletes dead rows in batches of `batchSize` per statement, so no statement holds many row
 * locks or runs long beside live traffic. Safe on any number of worker replicas: a row deleted
 * twice is simply not found the second time. Stops between batches when `signal` aborts.
 */
export async function deleteExpiredRows(
  db: Kysely<Database>,
  options: { now?: Date; batchSize?: number; signal?: AbortSignal } = {},
): Promise<ExpiredRowCounts> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 5_000;
  const counts: ExpiredRowCounts = { sessions: 0, password_resets: 0, rate_limit_buckets: 0 };
  for (const table of Object.keys(expiredRows) as Array<keyof typeof expiredRows>) {
    const expired = expiredRows[table](now);
    for (;;) {
      if (options.signal?.aborted) return counts;
      // ctid picks the batch without needing a single-column key (rate_limit_buckets has none).
      const result = await sql`
        DELETE FROM ${sql.table(table)} WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM ${sql.table(table)} WHERE ${expired} LIMIT ${batchSize}
        ))`.execute(db);
      const deleted = Number(result.numAffectedRows ?? 0);
      counts[table] += deleted;
      if (deleted < batchSize) break;
    }
  }
  return counts;
}
