import { ContextLengthExceededError, isMeteringError } from "@meterkit/metering";
import { GatewayError } from "../errors";
import type { RateLimitRefusal, RateLimitState } from "../limits/rate-limit";

/** The refusals of admission, worded like OpenAI's so clients that parse them keep working. */
export function modelNotFound(id: string): GatewayError {
  return new GatewayError("model_not_found", `The model '${id}' does not exist or you do not have access to it.`, "model");
}

/** Runs a metering call; its request errors carry OpenAI's code and param and become 400s. */
export function asRequestError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ContextLengthExceededError) throw new GatewayError("context_length_exceeded", error.message, error.param);
    if (isMeteringError(error)) throw new GatewayError("invalid_request", error.message, error.param);
    throw error;
  }
}

export function rateLimited(limit: RateLimitRefusal, model: string, requested: number): GatewayError {
  const which = limit.exceeded;
  const wait = Math.max(1, Math.ceil(limit.resetMs / 1000));
  const message =
    which === "requests"
      ? `Rate limit reached for ${model} on requests per min (RPM): Limit ${limit.limits.requestsPerMinute}. Please try again in ${wait}s.`
      : `Rate limit reached for ${model} on tokens per min (TPM): Limit ${limit.limits.tokensPerMinute}, Remaining ${limit.remainingTokens}, Requested ${requested}. Please try again in ${wait}s.`;
  // A request larger than the whole per-minute budget will never pass; retrying cannot help.
  const hopeless = which === "tokens" && requested > limit.limits.tokensPerMinute;
  return new GatewayError("rate_limit_exceeded", message, null, {
    type: which,
    rateLimit: limit,
    headers: { "retry-after": String(wait), ...(hopeless ? { "x-should-retry": "false" } : {}) },
  });
}

/** Micros as dollars with cents, rounded up (away from zero), without going through floats. */
export function usd(micros: number): string {
  const cents = Math.ceil(Math.abs(micros) / 10_000);
  return `${micros < 0 ? "-" : ""}$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

export function quotaExceeded(
  amounts: { spentMicros: number; heldMicros: number; worstCaseMicros: number; limitMicros: number; source: "budget" | "plan" },
  state: RateLimitState,
): GatewayError {
  const { spentMicros, heldMicros, worstCaseMicros, limitMicros, source } = amounts;
  const advice =
    source === "budget"
      ? "Raise your monthly budget in the app, or lower max_tokens."
      : "This is your plan's spending cap: move to a plan with a higher cap, or lower max_tokens.";
  return new GatewayError(
    "insufficient_quota",
    `You exceeded your current quota: this request could cost up to ${usd(worstCaseMicros)}, and ${usd(spentMicros)} spent plus ` +
      `${usd(heldMicros)} in flight leaves less than that of your ${usd(limitMicros)} ${source === "budget" ? "monthly budget" : "plan's cap"} this period. ` +
      advice,
    null,
    { rateLimit: state },
  );
}
