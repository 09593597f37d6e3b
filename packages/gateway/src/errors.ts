import type { RateLimitState } from "./limits/rate-limit";

/**
 * Every request the gateway refuses on purpose becomes a GatewayError. Its fields are OpenAI's
 * error object, so the official SDKs raise their usual classes (AuthenticationError,
 * BadRequestError, NotFoundError, RateLimitError) and existing client code keeps working.
 */
export type OpenAiErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};

export type GatewayErrorCode =
  | "invalid_api_key"
  | "invalid_json"
  | "invalid_request"
  | "model_not_found"
  | "context_length_exceeded"
  | "max_tokens_too_large"
  | "request_too_large"
  | "unknown_url"
  | "method_not_allowed"
  | "rate_limit_exceeded"
  | "insufficient_quota"
  | "subscription_inactive"
  | "account_suspended"
  | "upstream_error";

type Shape = { status: number; type: string; code: string | null; retry: boolean };

// The one table that decides status, OpenAI `type` and `code` for each refusal.
const shapes: Record<GatewayErrorCode, Shape> = {
  invalid_api_key: { status: 401, type: "invalid_request_error", code: "invalid_api_key", retry: false },
  invalid_json: { status: 400, type: "invalid_request_error", code: null, retry: false },
  invalid_request: { status: 400, type: "invalid_request_error", code: null, retry: false },
  model_not_found: { status: 404, type: "invalid_request_error", code: "model_not_found", retry: false },
  context_length_exceeded: { status: 400, type: "invalid_request_error", code: "context_length_exceeded", retry: false },
  max_tokens_too_large: { status: 400, type: "invalid_request_error", code: null, retry: false },
  request_too_large: { status: 413, type: "invalid_request_error", code: "request_too_large", retry: false },
  unknown_url: { status: 404, type: "invalid_request_error", code: "unknown_url", retry: false },
  method_not_allowed: { status: 405, type: "invalid_request_error", code: "method_not_allowed", retry: false },
  rate_limit_exceeded: { status: 429, type: "requests", code: "rate_limit_exceeded", retry: true },
  // A cap or budget does not reset in seconds, so SDKs are told not to retry.
  insufficient_quota: { status: 429, type: "insufficient_quota", code: "insufficient_quota", retry: false },
  subscription_inactive: { status: 429, type: "insufficient_quota", code: "insufficient_quota", retry: false },
  account_suspended: { status: 403, type: "invalid_request_error", code: "account_suspended", retry: false },
  upstream_error: { status: 502, type: "server_error", code: "upstream_error", retry: true },
};

export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  readonly openAiCode: string | null;
  readonly retryable: boolean;
  /** Extra response headers (retry-after, allow). */
  readonly headers: Record<string, string>;
  /** The caller's rate-limit state when it was known at the time of the refusal. */
  readonly rateLimit: RateLimitState | undefined;

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly param: string | null = null,
    options: { type?: string; cause?: unknown; headers?: Record<string, string>; rateLimit?: RateLimitState } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "GatewayError";
    const shape = shapes[code];
    this.status = shape.status;
    this.type = options.type ?? shape.type;
    this.openAiCode = shape.code;
    this.retryable = shape.retry;
    this.headers = options.headers ?? {};
    this.rateLimit = options.rateLimit;
  }

  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.openAiCode } };
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}
