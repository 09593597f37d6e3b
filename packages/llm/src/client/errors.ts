/**
 * One error type for every way an upstream call can fail, with a code the caller can branch on
 * (bill as failed, retry, tell the customer) instead of inspecting SDK classes and statuses.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "openai";

export type LlmErrorCode =
  | "bad_request"
  | "context_length_exceeded"
  | "authentication"
  | "permission_denied"
  | "not_found"
  | "rate_limited"
  | "quota_exceeded"
  | "upstream_error"
  /** The provider sent an error event in the middle of a stream. */
  | "stream_error"
  /** The stream ended without a finish reason (cut short, no [DONE]). */
  | "incomplete_stream"
  | "connection"
  | "timeout"
  | "aborted";

const RETRYABLE = new Set<LlmErrorCode>(["rate_limited", "upstream_error", "connection", "timeout"]);

export class LlmError extends Error {
  override readonly name = "LlmError";
  /** True when the same request may succeed if sent again later. */
  readonly retryable: boolean;

  constructor(
    readonly code: LlmErrorCode,
    message: string,
    readonly upstream: {
      status?: number | undefined;
      code?: string | null | undefined;
      type?: string | undefined;
      param?: string | null | undefined;
      requestId?: string | null | undefined;
    } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retryable = RETRYABLE.has(code);
  }
}

export function toLlmError(error: unknown, signal?: AbortSignal): LlmError {
  if (error instanceof LlmError) return error;
  if (signal?.aborted || error instanceof APIUserAbortError) {
    return new LlmError("aborted", "The request was aborted by the caller.", {}, { cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) return new LlmError("timeout", error.message, {}, { cause: error });
  if (error instanceof APIConnectionError) return new LlmError("connection", error.message, {}, { cause: error });
  if (error instanceof APIError) {
    const upstream = {
      status: error.status,
      code: error.code,
      type: error.type,
      param: error.param,
      requestId: error.requestID,
    };
    return new LlmError(codeFor(error), error.message, upstream, { cause: error });
  }
  // The SDK passes body read failures through untouched (e.g. undici's "terminated" when the
  // socket closes mid-stream); a malformed event surfaces as a SyntaxError.
  if (error instanceof SyntaxError) return new LlmError("stream_error", error.message, {}, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError("connection", `The connection to the model failed: ${message}`, {}, { cause: error });
}

function codeFor(error: APIError): LlmErrorCode {
  const status = error.status;
  if (status === undefined) return "stream_error";
  if (error.code === "context_length_exceeded") return "context_length_exceeded";
  if (status === 400 || status === 422) return "bad_request";
  if (status === 401) return "authentication";
  if (status === 403) return "permission_denied";
  if (status === 404) return "not_found";
  if (status === 429) return error.code === "insufficient_quota" ? "quota_exceeded" : "rate_limited";
  return "upstream_error";
}
