import type { Db } from "@meterkit/db";
import { sql } from "kysely";

const WINDOW_MS = 60_000;

export type RateLimits = { requestsPerMinute: number; tokensPerMinute: number };

export type RateLimitState = {
  limits: RateLimits;
  remainingRequests: number;
  remainingTokens: number;
  /** Milliseconds until the current window closes and its count starts to fade. */
  resetMs: number;
  /** The bucket this request was counted in, for the correction once its real size is known. */
  bucket: { key: string; windowStart: Date } | null;
};

export type RateLimitDecision = ({ allowed: true } | { allowed: false; exceeded: "requests" | "tokens" }) & RateLimitState;

/**
 * Sliding-window counter over one-minute buckets in Postgres (see decision 080): the previous
 * minute counts with the weight of the part of it still inside the last 60 seconds. One
 * INSERT .. ON CONFLICT .. WHERE both checks and counts, so concurrent requests from any number
 * of processes can never jointly pass the limit.
 */
export async function takeRateLimit(
  db: Db,
  input: { key: string; tokens: number; limits: RateLimits; now?: number },
): Promise<RateLimitDecision> {
  const { windowStart, previousStart, previousWeight, resetMs } = slidingWindow(input.now ?? Date.now());
  const { requestsPerMinute, tokensPerMinute } = input.limits;

  const taken = await sql<{ tokens: string; requests: number; prev_tokens: number; prev_requests: number }>`
    WITH prev AS (
      SELECT coalesce(max(floor(tokens * ${previousWeight}::float8)), 0)::bigint AS tokens,
             coalesce(max(floor(requests * ${previousWeight}::float8)), 0)::int AS requests
      FROM rate_limit_buckets WHERE key = ${input.key} AND window_start = ${previousStart}
    )
    INSERT INTO rate_limit_buckets AS b (key, window_start, tokens, requests)
    SELECT ${input.key}, ${windowStart}, ${input.tokens}, 1 FROM prev
    WHERE prev.tokens + ${input.tokens} <= ${tokensPerMinute} AND prev.requests + 1 <= ${requestsPerMinute}
    ON CONFLICT (key, window_start) DO UPDATE
      SET tokens = b.tokens + excluded.tokens, requests = b.requests + 1
      WHERE b.tokens + excluded.tokens + (SELECT tokens FROM prev) <= ${tokensPerMinute}
        AND b.requests + 1 + (SELECT requests FROM prev) <= ${requestsPerMinute}
    RETURNING b.tokens, b.requests, (SELECT tokens FROM prev)::int AS prev_tokens, (SELECT requests FROM prev) AS prev_requests
  `.execute(db);

  const row = taken.rows[0];
  if (row) {
    return {
      allowed: true,
      limits: input.limits,
      remainingRequests: Math.max(0, requestsPerMinute - row.requests - row.prev_requests),
      remainingTokens: Math.max(0, tokensPerMinute - Number(row.tokens) - row.prev_tokens),
      resetMs,
      bucket: { key: input.key, windowStart },
    };
  }
  return refusedRateLimit(db, input, { windowStart, previousStart, previousWeight, resetMs });
}

export type SlidingWindow = { windowStart: Date; previousStart: Date; previousWeight: number; resetMs: number };

/** The current one-minute bucket, the previous one and how much of it still counts at `now`. */
export function slidingWindow(now: number): SlidingWindow {
  const windowStart = new Date(now - (now % WINDOW_MS));
  return {
    windowStart,
    previousStart: new Date(windowStart.getTime() - WINDOW_MS),
    previousWeight: 1 - (now - windowStart.getTime()) / WINDOW_MS,
    resetMs: windowStart.getTime() + WINDOW_MS - now,
  };
}

/** A refused request counts nothing; this reads the state only to say which limit and when. */
export async function refusedRateLimit(
  db: Db,
  input: { key: string; tokens: number; limits: RateLimits },
  window: SlidingWindow,
): Promise<RateLimitDecision> {
  const rows = await db
    .selectFrom("rate_limit_buckets")
    .select(["window_start", "tokens", "requests"])
    .where("key", "=", input.key)
    .where("window_start", "in", [window.windowStart, window.previousStart])
    .execute();
  let usedTokens = 0;
  let usedRequests = 0;
  for (const r of rows) {
    const weight = new Date(r.window_start).getTime() === window.windowStart.getTime() ? 1 : window.previousWeight;
    usedTokens += Math.floor(Number(r.tokens) * weight);
    usedRequests += Math.floor(Number(r.requests) * weight);
  }
  const { requestsPerMinute, tokensPerMinute } = input.limits;
  return {
    allowed: false,
    exceeded: usedRequests + 1 > requestsPerMinute ? "requests" : "tokens",
    limits: input.limits,
    remainingRequests: Math.max(0, requestsPerMinute - usedRequests),
    remainingTokens: Math.max(0, tokensPerMinute - usedTokens),
    resetMs: window.resetMs,
    bucket: null,
  };
}

/**
 * Corrects a bucket once the real size of a request is known (unused max_tokens given back, a
 * reply without max_tokens charged, a refused reservation undone).
 */
export async function adjustRateLimit(
  db: Db,
  bucket: { key: string; windowStart: Date },
  delta: { tokens: number; requests?: number },
): Promise<void> {
  const requests = delta.requests ?? 0;
  if (delta.tokens === 0 && requests === 0) return;
  await sql`
    UPDATE rate_limit_buckets
    SET tokens = greatest(tokens + ${delta.tokens}, 0), requests = greatest(requests + ${requests}, 0)
    WHERE key = ${bucket.key} AND window_start = ${bucket.windowStart}
  `.execute(db);
}
