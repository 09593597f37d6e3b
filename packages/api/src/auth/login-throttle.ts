import { sql } from "kysely";
import type { Db } from "../context";

/**
 * Failed sign-ins per (email, IP), counted in rate_limit_buckets so every web replica sees the
 * same numbers. A sliding window over two fixed 15-minute buckets: the previous bucket counts in
 * proportion to how much of it still overlaps the last 15 minutes, so an attacker gets no burst
 * of 2x the limit at a bucket boundary.
 */
export const loginThrottle = { maxFailures: 5, windowMs: 15 * 60 * 1000 } as const;

export function loginThrottleKey(email: string, ip: string | null): string {
  return `login:${email}:${ip ?? "unknown-ip"}`;
}

function windowStart(now: Date, offset = 0): Date {
  const w = loginThrottle.windowMs;
  return new Date(Math.floor(now.getTime() / w) * w + offset * w);
}

/** Minutes until another attempt is allowed, or 0 when the key may try now. */
export async function loginRetryAfterMinutes(db: Db, key: string, now = new Date()): Promise<number> {
  const current = windowStart(now);
  const previous = windowStart(now, -1);
  const rows = await db
    .selectFrom("rate_limit_buckets")
    .select(["window_start", "requests"])
    .where("key", "=", key)
    .where("window_start", "in", [current, previous])
    .execute();
  const countIn = (start: Date) =>
    Number(rows.find((r) => new Date(r.window_start).getTime() === start.getTime())?.requests ?? 0);
  const elapsed = (now.getTime() - current.getTime()) / loginThrottle.windowMs;
  const weighted = countIn(current) + countIn(previous) * (1 - elapsed);
  if (weighted < loginThrottle.maxFailures) return 0;
  // Worst case: wait until the current bucket becomes the previous one and has decayed enough.
  return Math.max(1, Math.ceil((current.getTime() + loginThrottle.windowMs - now.getTime()) / 60_000));
}

export async function recordLoginFailure(db: Db, key: string, now = new Date()): Promise<void> {
  await db
    .insertInto("rate_limit_buckets")
    .values({ key, window_start: windowStart(now), tokens: 0, requests: 1 })
    .onConflict((oc) => oc.columns(["key", "window_start"]).doUpdateSet({ requests: sql`rate_limit_buckets.requests + 1` }))
    .execute();
}

/** A successful sign-in (or a password reset) forgives earlier failures. */
export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom("rate_limit_buckets").where("key", "=", key).execute();
}

export async function clearLoginFailuresForEmail(db: Db, email: string): Promise<void> {
  await db.deleteFrom("rate_limit_buckets").where("key", "like", `login:${email.replace(/[\\%_]/g, "\\$&")}:%`).execute();
}
