import type { GatewayError } from "../errors";

const jsonHeaders = { "content-type": "application/json" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...jsonHeaders, ...headers } });
}

/** OpenAI's error object with the status, rate-limit and retry headers of the refusal. */
export function errorResponse(error: GatewayError, headers: Record<string, string> = {}): Response {
  return json(error.toBody(), error.status, {
    // SDKs retry 429s by default; a cap or a missing subscription does not go away in seconds.
    "x-should-retry": String(error.retryable),
    ...headers,
    ...error.headers,
  });
}

/** Anything unexpected: logged with detail, answered without it. */
export function internalError(error: unknown): Response {
  console.error("v1: unexpected error", error);
  return json(
    { error: { message: "The server had an error while processing your request. Please retry.", type: "server_error", param: null, code: null } },
    500,
  );
}
