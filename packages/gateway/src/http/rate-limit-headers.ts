import type { RateLimitState } from "../limits/rate-limit";

/** OpenAI writes durations like `1s`, `6m0s` or `250ms`; SDKs and dashboards parse that form. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  const reset = formatDuration(state.resetMs);
  return {
    "x-ratelimit-limit-requests": String(state.limits.requestsPerMinute),
    "x-ratelimit-limit-tokens": String(state.limits.tokensPerMinute),
    "x-ratelimit-remaining-requests": String(state.remainingRequests),
    "x-ratelimit-remaining-tokens": String(state.remainingTokens),
    "x-ratelimit-reset-requests": reset,
    "x-ratelimit-reset-tokens": reset,
  };
}
