/**
 * The JSON that /v1/chat/completions answers with, field for field as OpenAI sends it. Stream
 * chunks are built from a precomputed prefix so the per-delta cost is one JSON.stringify of the
 * delta text.
 */
import { randomBytes } from "node:crypto";

export type ReplyUsage = {
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  reasoningTokens: number;
};

export type ReplyHead = { id: string; created: number; model: string };

export const newCompletionId = () => `chatcmpl-${randomBytes(12).toString("hex")}`;

export function newReplyHead(model: string): ReplyHead {
  return { id: newCompletionId(), created: Math.floor(Date.now() / 1000), model };
}

export function usageObject(u: ReplyUsage) {
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.promptTokens + u.completionTokens,
    prompt_tokens_details: { cached_tokens: u.cachedPromptTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function completionBody(head: ReplyHead, text: string, finishReason: string, u: ReplyUsage) {
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
    usage: usageObject(u),
    system_fingerprint: null,
  };
}

/** Server-sent event lines of one streamed reply. With include_usage every chunk carries `usage: null` until the last. */
export function sseChunks(head: ReplyHead, includeUsage: boolean) {
  const prefix =
    `data: {"id":${JSON.stringify(head.id)},"object":"chat.completion.chunk","created":${head.created},` +
    `"model":${JSON.stringify(head.model)},"system_fingerprint":null,"choices":[{"index":0,"delta":`;
  const suffixOpen = `,"logprobs":null,"finish_reason":null}]${includeUsage ? ',"usage":null' : ""}}\n\n`;
  return {
    role: () => `${prefix}{"role":"assistant","content":"","refusal":null}${suffixOpen}`,
    content: (text: string) => `${prefix}{"content":${JSON.stringify(text)}}${suffixOpen}`,
    finish: (reason: string) =>
      `${prefix}{},"logprobs":null,"finish_reason":${JSON.stringify(reason)}}]${includeUsage ? ',"usage":null' : ""}}\n\n`,
    usage: (u: ReplyUsage) =>
      `data: ${JSON.stringify({
        id: head.id,
        object: "chat.completion.chunk",
        created: head.created,
        model: head.model,
        system_fingerprint: null,
        choices: [],
        usage: usageObject(u),
      })}\n\n`,
    error: (body: unknown) => `data: ${JSON.stringify(body)}\n\n`,
    done: () => "data: [DONE]\n\n",
  };
}
