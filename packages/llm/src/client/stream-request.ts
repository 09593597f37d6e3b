import type OpenAI from "openai";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";

export type StreamOpenerOptions = {
  sdk: OpenAI;
  /** The keep-alive node:http fetch (node-fetch.ts); the same transport the SDK is given. */
  fetch: typeof fetch;
  baseURL: string;
  apiKey: string;
  maxRetries: number;
  timeoutMs: number;
};

/** The SDK's default: ten minutes for the response headers to arrive. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

const TIMED_OUT = Symbol("timed out");

/**
 * Opens a streamed chat completion and returns the response whose body carries the events.
 *
 * The first attempt is a plain POST through the same keep-alive transport the SDK uses, without
 * the SDK: building and sending a request through it cost a relayed request 0.35-0.5 ms before
 * its first token, measured side by side against the same POST (decision 041). Everything that
 * is not a 2xx goes the SDK's way, so failures behave exactly as before:
 * - an error status the SDK would not retry becomes the SDK's own error class
 *   (`APIError.generate`, what the SDK itself calls), read from the body as it reads it;
 * - one it would retry (408, 409, 429, 5xx, `x-should-retry: true`, a failed or timed-out
 *   connection) waits the delay the SDK would wait, then hands the remaining attempts to the SDK.
 */
export function createStreamOpener(options: StreamOpenerOptions) {
  const url = `${options.baseURL.replace(/\/+$/, "")}/chat/completions`;
  const headers = {
    "content-type": "application/json",
    accept: "application/json",
    authorization: `Bearer ${options.apiKey}`,
  };
  const viaSdk = (payload: OpenAI.Chat.ChatCompletionCreateParamsStreaming, signal: AbortSignal | undefined, maxRetries: number) =>
    options.sdk.chat.completions.create(payload, { signal, maxRetries }).asResponse();

  return async function openStream(payload: OpenAI.Chat.ChatCompletionCreateParamsStreaming, signal?: AbortSignal): Promise<Response> {
    const attempt = new AbortController();
    const forwardAbort = () => attempt.abort(signal?.reason);
    if (signal?.aborted) forwardAbort();
    else signal?.addEventListener("abort", forwardAbort, { once: true });
    const timer = setTimeout(() => attempt.abort(TIMED_OUT), options.timeoutMs);
    let response: Response;
    try {
      response = await options.fetch(url, { method: "POST", headers, body: JSON.stringify(payload), signal: attempt.signal });
    } catch (error) {
      signal?.removeEventListener("abort", forwardAbort);
      if (signal?.aborted) throw error;
      const timedOut = attempt.signal.reason === TIMED_OUT;
      if (options.maxRetries > 0) {
        await pause(retryDelayMs(undefined), signal);
        return viaSdk(payload, signal, options.maxRetries - 1);
      }
      throw timedOut ? new APIConnectionTimeoutError() : new APIConnectionError({ cause: error as Error });
    } finally {
      clearTimeout(timer);
    }
    // The caller's abort must reach the body for as long as it is read; then the listener goes.
    const body = response.body as unknown as { once?: (event: string, listener: () => void) => void } | null;
    if (body?.once) body.once("close", () => signal?.removeEventListener("abort", forwardAbort));
    if (response.ok) return response;

    signal?.removeEventListener("abort", forwardAbort);
    if (options.maxRetries > 0 && shouldRetry(response)) {
      await response.arrayBuffer().catch(() => undefined);
      await pause(retryDelayMs(response.headers), signal);
      return viaSdk(payload, signal, options.maxRetries - 1);
    }
    const text = await response.text().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    const json = safeJson(text);
    throw APIError.generate(response.status, json, json ? undefined : text, response.headers);
  };
}

/** The SDK's rule (client.shouldRetry). */
function shouldRetry(response: Response): boolean {
  const header = response.headers.get("x-should-retry");
  if (header === "true") return true;
  if (header === "false") return false;
  return response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500;
}

/** The SDK's first retry delay: the server's retry-after(-ms) when under a minute, else 0.5 s less up to 25% jitter. */
function retryDelayMs(headers: Headers | undefined): number {
  const ms = parseFloat(headers?.get("retry-after-ms") ?? "");
  let delay = Number.isNaN(ms) ? undefined : ms;
  const after = headers?.get("retry-after");
  if (delay === undefined && after) {
    const seconds = parseFloat(after);
    delay = Number.isNaN(seconds) ? Date.parse(after) - Date.now() : seconds * 1000;
  }
  if (delay !== undefined && delay >= 0 && delay < 60_000) return delay;
  return 500 * (1 - Math.random() * 0.25);
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function safeJson(text: string): object | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
