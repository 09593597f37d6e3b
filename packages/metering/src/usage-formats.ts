import { InvalidUsageError } from "./errors";

/**
 * Token classes, disjoint so that adding them up never counts a token twice:
 * - uncachedInput: prompt tokens billed at the input rate
 * - cachedInput:   prompt tokens served from the provider's prompt cache (cached-input rate)
 * - output:        visible completion tokens (output rate)
 * - reasoning:     hidden reasoning tokens (billed at the output rate, see billedTokens)
 */
export type TokenUsage = { uncachedInput: number; cachedInput: number; output: number; reasoning: number };

export const ZERO_USAGE: TokenUsage = Object.freeze({ uncachedInput: 0, cachedInput: 0, output: 0, reasoning: 0 });

/** OpenAI's chat completions `usage` object (streaming chunks and final responses). */
export type OpenAIUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
};

/**
 * THE subset rule of OpenAI's format, in one place: `prompt_tokens` already INCLUDES
 * `cached_tokens`, and `completion_tokens` already INCLUDES `reasoning_tokens`. Reading the
 * details as extra tokens on top (the additive reading) bills cached and reasoning tokens twice.
 */
export function fromOpenAIUsage(usage: OpenAIUsage): TokenUsage {
  const prompt = count(usage.prompt_tokens, "prompt_tokens");
  const completion = count(usage.completion_tokens, "completion_tokens");
  const cached = count(usage.prompt_tokens_details?.cached_tokens ?? 0, "prompt_tokens_details.cached_tokens");
  const reasoning = count(usage.completion_tokens_details?.reasoning_tokens ?? 0, "completion_tokens_details.reasoning_tokens");
  if (cached > prompt) {
    throw new InvalidUsageError(`cached_tokens (${cached}) cannot exceed prompt_tokens (${prompt}).`, "prompt_tokens_details.cached_tokens");
  }
  if (reasoning > completion) {
    throw new InvalidUsageError(
      `reasoning_tokens (${reasoning}) cannot exceed completion_tokens (${completion}).`,
      "completion_tokens_details.reasoning_tokens",
    );
  }
  return { uncachedInput: prompt - cached, cachedInput: cached, output: completion - reasoning, reasoning };
}

/** The inverse, for answering API clients in OpenAI's shape. */
export function toOpenAIUsage(usage: TokenUsage): Required<OpenAIUsage> {
  const prompt = promptTokensOf(usage);
  const completion = completionTokensOf(usage);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cachedInput },
    completion_tokens_details: { reasoning_tokens: usage.reasoning },
  };
}

export function promptTokensOf(usage: TokenUsage): number {
  return usage.uncachedInput + usage.cachedInput;
}

export function completionTokensOf(usage: TokenUsage): number {
  return usage.output + usage.reasoning;
}

/** Tokens per billing meter. Reasoning rides on the output meter: billed once, at the output rate. */
export function billedTokens(usage: TokenUsage): { input: number; cachedInput: number; output: number } {
  return { input: usage.uncachedInput, cachedInput: usage.cachedInput, output: usage.output + usage.reasoning };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    uncachedInput: a.uncachedInput + b.uncachedInput,
    cachedInput: a.cachedInput + b.cachedInput,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
  };
}

/** Throws InvalidUsageError unless every class is a non-negative safe integer. */
export function assertValidUsage(usage: TokenUsage): void {
  if (isCount(usage.uncachedInput) && isCount(usage.cachedInput) && isCount(usage.output) && isCount(usage.reasoning)) return;
  count(usage.uncachedInput, "uncachedInput");
  count(usage.cachedInput, "cachedInput");
  count(usage.output, "output");
  count(usage.reasoning, "reasoning");
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function count(value: unknown, param: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidUsageError(`'${param}' must be a non-negative integer, got ${String(value)}.`, param);
  }
  return value;
}
