import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { parseBillingWorkerEnv } from "../worker-env";
import { backoffDelayMs, defaultBackoff, shortestRetrySpanMs } from "./backoff";
import { classifySendError } from "./classify-error";

const apiError = (statusCode: number, message: string, code?: string) =>
  Stripe.errors.StripeError.generate({ type: statusCode === 429 ? "invalid_request_error" : statusCode >= 500 ? "api_error" : "invalid_request_error", message, code, statusCode } as never);

describe("classifySendError", () => {
  it("treats Stripe's duplicate-identifier rejection as delivered", () => {
    expect(classifySendError(apiError(400, "An event already exists with identifier mk_mr_1.")).kind).toBe("duplicate");
  });
  it("retries 429, 5xx and connection failures", () => {
    expect(classifySendError(apiError(429, "Too many requests")).kind).toBe("retry");
    expect(classifySendError(apiError(503, "Unavailable")).kind).toBe("retry");
    expect(classifySendError(new Stripe.errors.StripeConnectionError({ message: "socket hang up" } as never)).kind).toBe("retry");
  });
  it("dead-letters other 4xx", () => {
    expect(classifySendError(apiError(400, "Timestamp too far in the past", "timestamp_too_far_in_past")).kind).toBe("permanent");
  });
});

describe("backoffDelayMs", () => {
  it("grows exponentially with jitter and respects the cap", () => {
    const policy = { baseMs: 100, maxMs: 1_000, maxAttempts: 8 };
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(400);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(1_000);
  });
});

describe("the default retry policy", () => {
  it("keeps a failing report for at least 6 hours before giving it up, as the worker runs it", () => {
    expect(shortestRetrySpanMs(defaultBackoff)).toBeGreaterThanOrEqual(6 * 3_600_000);
    const worker = parseBillingWorkerEnv({});
    expect(shortestRetrySpanMs({ ...defaultBackoff, maxAttempts: worker.BILLING_MAX_ATTEMPTS, baseMs: worker.BILLING_BACKOFF_BASE_MS })).toBeGreaterThanOrEqual(6 * 3_600_000);
  });
});
