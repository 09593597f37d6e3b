import type { Db } from "@meterkit/db";
import { sql } from "kysely";

/**
 * Post-reply corrections of rate-limit buckets, summed in memory per bucket and written in one
 * statement every `intervalMs`, so a busy process spends a few queries per second on them
 * instead of one per request. A correction lost to a crash only makes a bucket a little off
 * for the rest of its minute; money never depends on it.
 */
export class RateLimitCorrections {
  private pending = new Map<string, { key: string; windowStart: Date; tokens: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly intervalMs = 250,
  ) {}

  add(bucket: { key: string; windowStart: Date }, tokens: number): void {
    if (tokens === 0) return;
    const id = `${bucket.key}\u0000${bucket.windowStart.getTime()}`;
    const entry = this.pending.get(id);
    if (entry) entry.tokens += tokens;
    else this.pending.set(id, { ...bucket, tokens });
    // unref: a pending correction never keeps a process alive on its own.
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs).unref();
  }

  /** Writes everything pending now (also used by tests and on shutdown). */
  async flush(): Promise<void> {
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const rows = sql.join(batch.map((b) => sql`(${b.key}, ${b.windowStart}::timestamptz, ${b.tokens}::bigint)`));
    await sql`
      UPDATE rate_limit_buckets AS b SET tokens = greatest(b.tokens + d.tokens, 0)
      FROM (VALUES ${rows}) AS d(key, window_start, tokens)
      WHERE b.key = d.key AND b.window_start = d.window_start
    `
      .execute(this.db)
      .catch(this.onError);
  }
}
