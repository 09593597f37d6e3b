import { resolveModel } from "../catalog";
import type { ModelSpec } from "../catalog/types";
import { messageText, type ChatMessage } from "../messages";
import { textCounter, type TextCounter } from "./encodings";

/**
 * OpenAI's chat framing, as published in its cookbook ("How to count tokens with tiktoken") and
 * confirmed by the `prompt_tokens` its API returns for gpt-3.5-turbo, gpt-4, gpt-4o and later:
 * each message is <|start|>{role}<|message|>{content}<|end|> — 3 framing tokens plus the role's
 * and content's own tokens; a `name` adds its tokens plus 1; the reply is primed with
 * <|start|>assistant<|message|> (3 tokens). gpt-tokenizer's encodeChat renders `name` in place
 * of the role instead, which under-counts named messages by 2, so the rule lives here.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

export type ChatTokenCount = { total: number; perMessage: number[] };

/** Prompt tokens of a chat completion request: equals the provider's `prompt_tokens`. */
export function countChatTokens(messages: readonly ChatMessage[], model: string | ModelSpec): number {
  return countChatTokensPerMessage(messages, model).total;
}

/** Same count, split per message (each message's share includes its framing), for truncation. */
export function countChatTokensPerMessage(messages: readonly ChatMessage[], model: string | ModelSpec): ChatTokenCount {
  const count = textCounter(resolveModel(model).encoding);
  const perMessage = messages.map((message) => messageTokens(message, count));
  let total = REPLY_PRIMING_TOKENS;
  for (const n of perMessage) total += n;
  return { total, perMessage };
}

function messageTokens(message: ChatMessage, count: TextCounter): number {
  let n = TOKENS_PER_MESSAGE + count(message.role) + count(messageText(message));
  if (message.name !== undefined) n += count(message.name) + TOKENS_PER_NAME;
  return n;
}
