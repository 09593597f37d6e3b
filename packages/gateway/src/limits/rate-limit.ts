import type { Db } from "@meterkit/db";

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

/** A refusal by the rate limit: which limit, and the state that goes into the 429's headers. */
export type RateLimitRefusal = { exceeded: "requests" | "tokens" } & RateLimitState;

/**
 * Sliding-window counter over one-minute buckets in Postgres (see decision 080): the previous
 * minute counts with the weight of the part of it still inside the last 60 seconds. Counting a
 * request is part of the database function `take_admission` (migration 0110, called by
 * admission-limits.ts), one INSERT .. ON CONFLICT .. WHERE that checks and counts at once, so
 * concurrent requests from any number of processes can never jointly pass the limit.
 */
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
): Promise<RateLimitRefusal> {
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
    exceeded: usedRequests + 1 > requestsPerMinute ? "requests" : "tokens",
    limits: input.limits,
    remainingRequests: Math.max(0, requestsPerMinute - usedRequests),
    remainingTokens: Math.max(0, tokensPerMinute - usedTokens),
    resetMs: window.resetMs,
    bucket: null,
  };
}
