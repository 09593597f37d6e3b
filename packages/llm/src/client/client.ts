/**
 * The upstream model client: the official openai SDK pointed at the configured provider (or the
 * demo model), reduced to the two calls the product makes, with typed errors.
 */
import OpenAI, { APIError } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { resolveLlmConfig, type LlmMode } from "./config";
import { LlmError, toLlmError } from "./errors";
import { createNodeFetch } from "./node-fetch";
import { SseParser, type SseEvent } from "./sse";
import { createStreamOpener, DEFAULT_TIMEOUT_MS } from "./stream-request";

/** A chat message as OpenAI takes it (text only); the same shape as the metering package's. */
export type ChatMessage = {
  role: "system" | "developer" | "user" | "assistant";
  content: string | readonly { type: "text"; text: string }[];
  name?: string;
};

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

/** The caller's sampling settings, passed to the provider as OpenAI names them. */
export type SamplingOptions = {
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  user?: string;
};

export type ChatRequest = {
  model: string;
  messages: readonly ChatMessage[];
  maxTokens?: number;
  /** Stop sequences and the rest: the provider must see them, or a reply runs past its stop and is billed for it. */
  sampling?: SamplingOptions;
  /** Abort it when the customer goes away: the provider stops generating and billing stops. */
  signal?: AbortSignal;
};

/** One step of a stream; a part carries exactly one of its fields. */
export type ChatStreamPart = { delta?: string; usage?: CompletionUsage; finishReason?: FinishReason };

export type ChatResult = { id: string; model: string; text: string; finishReason: FinishReason; usage?: CompletionUsage };

export type LlmClientOptions = {
  /** Retries of a request that failed before any token arrived (the SDK's backoff). Default 2. */
  maxRetries?: number;
  timeoutMs?: number;
  /** Older OpenAI-compatible servers only know `max_tokens`. Default `max_completion_tokens`. */
  maxTokensParam?: "max_completion_tokens" | "max_tokens";
  /** The HTTP client under the SDK. Default: node:http with keep-alive (node-fetch.ts); pass `globalThis.fetch` for undici. */
  fetch?: typeof fetch;
};

export type LlmClient = {
  mode: LlmMode;
  baseURL: string;
  /** The underlying SDK client, for calls this wrapper does not cover. */
  sdk: OpenAI;
  streamChat(request: ChatRequest): AsyncGenerator<ChatStreamPart, void, undefined>;
  completeChat(request: ChatRequest): Promise<ChatResult>;
};

export function createLlmClient(env?: Record<string, string | undefined>, options: LlmClientOptions = {}): LlmClient {
  const config = resolveLlmConfig(env);
  const transport = options.fetch ?? createNodeFetch();
  const sdk = new OpenAI({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    // Explicit so the SDK never falls back to reading process.env itself.
    organization: null,
    project: null,
    maxRetries: options.maxRetries ?? 2,
    fetch: transport,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
  });
  const limit = (maxTokens: number | undefined) =>
    maxTokens === undefined ? {} : { [options.maxTokensParam ?? "max_completion_tokens"]: maxTokens };
  // Streams skip the SDK on their first attempt (stream-request.ts); a caller's own fetch keeps the SDK throughout.
  const openStream = options.fetch
    ? (payload: OpenAI.Chat.ChatCompletionCreateParamsStreaming, signal?: AbortSignal) => sdk.chat.completions.create(payload, { signal }).asResponse()
    : createStreamOpener({
        sdk,
        fetch: transport,
        baseURL: config.baseURL,
        apiKey: config.apiKey,
        maxRetries: options.maxRetries ?? 2,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      });
  const body = (request: ChatRequest) => ({
    model: request.model,
    messages: request.messages.map((m) => ({ ...m })) as unknown as OpenAI.Chat.ChatCompletionMessageParam[],
    ...limit(request.maxTokens),
    ...request.sampling,
  });

  async function* streamChat(request: ChatRequest): AsyncGenerator<ChatStreamPart, void, undefined> {
    const { signal } = request;
    let finished = false;
    try {
      // Failures before the first byte go the SDK's way (stream-request.ts); the events are
      // read here, one synchronous parse per network chunk (sse.ts says why).
      const response = await openStream({ ...body(request), stream: true, stream_options: { include_usage: true } }, signal);
      if (!response.body) throw new LlmError("incomplete_stream", "The model answered with no body.");
      const parser = new SseParser();
      let done = false;
      // An event that fails is returned after the parts before it, so those are still delivered.
      const partsOf = (events: SseEvent[]): Array<ChatStreamPart | { error: unknown }> => {
        const parts: Array<ChatStreamPart | { error: unknown }> = [];
        for (const sse of events) {
          if (done) break;
          if (sse.data.startsWith("[DONE]")) {
            done = true;
            break;
          }
          let data: ChatCompletionChunk & { error?: unknown; message?: string };
          try {
            data = JSON.parse(sse.data) as typeof data;
          } catch (error) {
            parts.push({ error });
            break;
          }
          // An error in the middle of a stream, as the SDK reads it: an `error` field, or an `error` event.
          if (data.error || sse.event === "error") {
            parts.push({ error: new APIError(undefined, data.error as object | undefined, data.message, response.headers) });
            break;
          }
          const choice = data.choices?.[0];
          if (choice?.delta?.content) parts.push({ delta: choice.delta.content });
          if (choice?.finish_reason) {
            finished = true;
            parts.push({ finishReason: choice.finish_reason });
          }
          if (data.usage) parts.push({ usage: data.usage });
        }
        return parts;
      };
      // Read to the end even after [DONE], so the connection goes back to the keep-alive pool.
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const part of partsOf(parser.push(chunk))) {
          if ("error" in part) throw part.error;
          yield part;
        }
      }
      for (const part of partsOf(parser.end())) {
        if ("error" in part) throw part.error;
        yield part;
      }
    } catch (error) {
      throw toLlmError(error, signal);
    }
    // The SDK ends an aborted stream quietly; say so, so it is never mistaken for a whole reply.
    if (signal?.aborted) throw toLlmError(signal.reason, signal);
    if (!finished) throw new LlmError("incomplete_stream", "The model's stream ended before it finished.");
  }

  async function completeChat(request: ChatRequest): Promise<ChatResult> {
    try {
      const completion = await sdk.chat.completions.create({ ...body(request), stream: false }, { signal: request.signal });
      const choice = completion.choices[0];
      if (!choice) throw new LlmError("upstream_error", "The model returned no choices.");
      return {
        id: completion.id,
        model: completion.model,
        text: choice.message.content ?? "",
        finishReason: choice.finish_reason,
        ...(completion.usage ? { usage: completion.usage } : {}),
      };
    } catch (error) {
      throw toLlmError(error, request.signal);
    }
  }

  return { mode: config.mode, baseURL: config.baseURL, sdk, streamChat, completeChat };
}
