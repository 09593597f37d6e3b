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

/**
 * Counts this attempt before the password is checked and says whether it may go on (0) or how
 * many minutes to wait. Counting first, in one statement, is what makes the limit hold under
 * concurrency: checked first and recorded after the slow password check, 30 guesses sent at once
 * all passed the check. A refused attempt is not counted; a successful one clears the key
 * (clearLoginFailures), so only failures remain.
 */
export async function takeLoginAttempt(db: Db, key: string, now = new Date()): Promise<number> {
  const current = windowStart(now);
  const previous = windowStart(now, -1);
  const { rows } = await sql<{ current: number; previous: number }>`
    WITH counted AS (
      INSERT INTO rate_limit_buckets (key, window_start, tokens, requests) VALUES (${key}, ${current}, 0, 1)
      ON CONFLICT (key, window_start) DO UPDATE SET requests = rate_limit_buckets.requests + 1
      RETURNING requests)
    SELECT (SELECT requests FROM counted) AS current,
           coalesce((SELECT requests FROM rate_limit_buckets WHERE key = ${key} AND window_start = ${previous}), 0) AS previous`.execute(db);
  const counted = rows[0]!;
  const elapsed = (now.getTime() - current.getTime()) / loginThrottle.windowMs;
  // The attempts before this one, the previous bucket weighted by its overlap, rounded up: just
  // after a bucket boundary, five failures split 3 + 2 across it weighed 4.99 and let a sixth in.
  const before = Math.ceil(Number(counted.current) - 1 + Number(counted.previous) * (1 - elapsed) - 1e-9);
  if (before < loginThrottle.maxFailures) return 0;
  await db
    .updateTable("rate_limit_buckets")
    .set({ requests: sql`requests - 1` })
    .where("key", "=", key)
    .where("window_start", "=", current)
    .execute();
  return Math.max(1, Math.ceil((current.getTime() + loginThrottle.windowMs - now.getTime()) / 60_000));
}

/** A successful sign-in (or a password reset) forgives earlier failures. */
export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom("rate_limit_buckets").where("key", "=", key).execute();
}

export async function clearLoginFailuresForEmail(db: Db, email: string): Promise<void> {
  await db.deleteFrom("rate_limit_buckets").where("key", "like", `login:${email.replace(/[\\%_]/g, "\\$&")}:%`).execute();
}
