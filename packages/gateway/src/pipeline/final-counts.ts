import type { CompletionUsage } from "openai/resources/completions";
import type { Admission } from "./admit";

export type FinalCounts = {
  measured: {
    promptTokensSent: number;
    promptTokensEffective: number;
    cachedPromptTokens: number;
    completionTokens: number;
    reasoningTokens: number;
  };
  countSource: "upstream" | "local";
  mismatch: boolean;
};

/**
 * The counts a usage event is billed with (decision 081). Prompt and visible completion come
 * from our tokenizer: exact, bounded by the reservation, and reproducible by the customer.
 * Cached and reasoning tokens only the provider knows; reasoning is part of completion_tokens
 * in OpenAI's format, so it is added to the visible count, never counted on its own.
 * count_source says 'upstream' when the provider reported usage and it agrees with ours; any
 * disagreement is flagged for reconciliation rather than silently picked.
 */
export function finalCounts(admission: Admission, visibleCompletionTokens: number, upstream: CompletionUsage | null): FinalCounts {
  const reasoning = Math.max(0, upstream?.completion_tokens_details?.reasoning_tokens ?? 0);
  const completionTokens = visibleCompletionTokens + reasoning;
  const billedPrompt = admission.plan.bill_prompt_as === "effective" ? admission.promptTokensEffective : admission.promptTokensSent;
  const cached = Math.min(Math.max(0, upstream?.prompt_tokens_details?.cached_tokens ?? 0), billedPrompt);
  const mismatch =
    upstream !== null &&
    (upstream.prompt_tokens !== admission.promptTokensEffective || upstream.completion_tokens !== completionTokens);
  return {
    measured: {
      promptTokensSent: admission.promptTokensSent,
      promptTokensEffective: admission.promptTokensEffective,
      cachedPromptTokens: cached,
      completionTokens,
      reasoningTokens: reasoning,
    },
    countSource: upstream !== null && !mismatch ? "upstream" : "local",
    mismatch,
  };
}
