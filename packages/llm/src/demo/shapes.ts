/**
 * The JSON objects OpenAI's chat API returns, built field for field as the `openai` SDK types
 * describe them, so any client written against OpenAI works against the demo model unchanged.
 */
import { randomBytes } from "node:crypto";

export const SYSTEM_FINGERPRINT = "fp_meterkit_demo";

export type FinishReason = "stop" | "length";

export type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
};

export type OpenAIErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};

export const newCompletionId = () => `chatcmpl-${randomBytes(12).toString("hex")}`;
export const newRequestId = () => `req_${randomBytes(16).toString("hex")}`;
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function usage(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function errorBody(
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

type Head = { id: string; created: number; model: string };

export function completion(head: Head, text: string, finishReason: FinishReason, counts: Usage) {
  return {
    id: head.id,
    object: "chat.completion",
    created: head.created,
    model: head.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: counts,
    service_tier: "default",
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

type Delta = { role?: "assistant"; content?: string; refusal?: null };

/** One streamed chunk. With include_usage every chunk carries `usage: null` until the last one. */
export function chunk(head: Head, delta: Delta, finishReason: FinishReason | null, withUsageField: boolean) {
  return {
    id: head.id,
    object: "chat.completion.chunk",
    created: head.created,
    model: head.model,
    service_tier: "default",
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(withUsageField ? { usage: null } : {}),
  };
}

/** The extra last chunk OpenAI sends when `stream_options.include_usage` is true. */
export function usageChunk(head: Head, counts: Usage) {
  return {
    id: head.id,
    object: "chat.completion.chunk",
    created: head.created,
    model: head.model,
    service_tier: "default",
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [],
    usage: counts,
  };
}

// A fixed date: the listing must be identical on every run.
const MODEL_CREATED = 1_735_689_600;

export function model(id: string) {
  return { id, object: "model", created: MODEL_CREATED, owned_by: "meterkit" };
}
