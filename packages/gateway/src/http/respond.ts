import type { GatewayError } from "../errors";

const jsonHeaders = { "content-type": "application/json" };

// The text of each JSON response made here, so the node adapter can write it in one call
// instead of reading it back through the Response's body stream (writtenWhole below).
const bodyTexts = new WeakMap<Response, string>();

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const response = new Response(text, { status, headers: { ...jsonHeaders, ...headers } });
  bodyTexts.set(response, text);
  return response;
}

/** The body of a response made by `json`, when nothing has read it yet; undefined for any other. */
export function wholeBodyOf(response: Response): string | undefined {
  return response.bodyUsed ? undefined : bodyTexts.get(response);
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
