import { resolveModel } from "./catalog";
import type { ModelSpec } from "./catalog/types";
import { ContextLengthExceededError, InvalidRequestError } from "./errors";
import { isInstructionRole, type ChatMessage } from "./messages";
import { countChatTokensPerMessage } from "./tokens/chat-tokens";
import { validateMaxTokens } from "./validation";

export type ContextPolicy = "reject" | "truncate";

export type ContextPolicyInput = {
  messages: readonly ChatMessage[];
  model: string | ModelSpec;
  /** The request's max_tokens (or max_completion_tokens); undefined when the client left it out. */
  maxTokens?: number | undefined;
  policy: ContextPolicy;
};

export type ContextPolicyResult = {
  /** What goes upstream: the submitted messages minus the dropped ones, in order. */
  messages: ChatMessage[];
  /** Prompt tokens of the messages as submitted (the theoretical consumption). */
  sentTokens: number;
  /** Prompt tokens of `messages` (what reaches the model). Equals sentTokens unless truncated. */
  effectiveTokens: number;
  /** max_tokens to send upstream and to reserve against caps. */
  completionBudget: number;
  dropped: { count: number; indexes: number[] };
  truncated: boolean;
};

/**
 * Makes a request fit the model's window: prompt + completion budget ≤ context window and the
 * prompt ≤ the model's input limit. `reject` throws OpenAI's context_length_exceeded; `truncate`
 * drops the oldest messages that are neither instructions (system/developer) nor the last user
 * message until it fits, and rejects if even that is not enough.
 *
 * Without max_tokens the completion may use what the window leaves, up to the model's output
 * limit (as the provider does), so only a prompt that leaves no room at all is too long.
 */
export function applyContextPolicy(input: ContextPolicyInput): ContextPolicyResult {
  const model = resolveModel(input.model);
  if (input.messages.length === 0) {
    throw new InvalidRequestError("empty_array", "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages");
  }
  const maxTokens = validateMaxTokens(input.maxTokens, model);
  const { total: sentTokens, perMessage } = countChatTokensPerMessage(input.messages, model);
  const fits = (prompt: number) => prompt <= model.maxInputTokens && prompt + (maxTokens ?? 1) <= model.contextWindow;

  let effectiveTokens = sentTokens;
  const dropped: number[] = [];
  if (!fits(sentTokens)) {
    if (input.policy === "reject") throw tooLong(model, sentTokens, maxTokens);
    for (const index of droppableIndexes(input.messages)) {
      if (fits(effectiveTokens)) break;
      effectiveTokens -= perMessage[index] ?? 0;
      dropped.push(index);
    }
    if (!fits(effectiveTokens)) throw tooLong(model, sentTokens, maxTokens);
  }

  const droppedSet = new Set(dropped);
  return {
    messages: input.messages.filter((_, i) => !droppedSet.has(i)),
    sentTokens,
    effectiveTokens,
    completionBudget: maxTokens ?? Math.min(model.maxOutputTokens, model.contextWindow - effectiveTokens),
    dropped: { count: dropped.length, indexes: dropped },
    truncated: dropped.length > 0,
  };
}

/** Oldest first; never an instruction message, never the last user message. */
function droppableIndexes(messages: readonly ChatMessage[]): number[] {
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  const indexes: number[] = [];
  messages.forEach((m, i) => {
    if (i !== lastUser && !isInstructionRole(m.role)) indexes.push(i);
  });
  return indexes;
}

function tooLong(model: ModelSpec, promptTokens: number, maxTokens: number | undefined): ContextLengthExceededError {
  const overWindow = promptTokens + (maxTokens ?? 1) > model.contextWindow;
  // A prompt inside the window but above the input limit is reported against the input limit.
  const limit = overWindow ? model.contextWindow : model.maxInputTokens;
  const completionTokens = overWindow ? (maxTokens ?? null) : null;
  return new ContextLengthExceededError({
    model: model.id,
    contextWindow: limit,
    promptTokens,
    completionTokens,
    requestedTokens: promptTokens + (completionTokens ?? 0),
  });
}
