import type { Rate } from "../catalog/types";
import { costMicros } from "../cost";
import { InvalidUsageError } from "../errors";
import { fromOpenAIUsage, type OpenAIUsage, type TokenUsage } from "../usage-formats";

export type StreamStatus = "completed" | "aborted" | "failed";

export type StreamMeterResult = {
  status: StreamStatus;
  /** Exactly the text delivered to the consumer. */
  text: string;
  /** Exact local count: one tokenization of `text` (not a sum of per-chunk counts). */
  completionTokens: number;
  promptTokens: number;
  /** Where the billed `usage` comes from: the provider's usage report when it sent a valid one. */
  source: "upstream" | "local";
  /** The token classes to bill (see usage-formats.ts). */
  usage: TokenUsage;
  costMicros: number;
  rate: Rate;
  upstreamUsage?: OpenAIUsage;
  upstreamPromptTokens?: number;
  upstreamCompletionTokens?: number;
  /** The provider's numbers disagree with the local ones (prompt, or visible completion tokens). */
  mismatch: boolean;
  /** Why the upstream usage report was not used, when it could not be billed. */
  upstreamUsageError?: InvalidUsageError;
  /** The error that ended a failed stream. */
  error?: unknown;
};

export type StreamFacts = {
  status: StreamStatus;
  text: string;
  completionTokens: number;
  promptTokens: number;
  /** What the provider's prompt_tokens should equal (see StreamMeterOptions). Default: promptTokens. */
  promptTokensReachingModel?: number;
  rate: Rate;
  upstreamUsage: OpenAIUsage | undefined;
  error?: unknown;
};

/**
 * Decides what a finished stream bills. A valid upstream report wins (it is what the provider
 * charges, and it knows cached and reasoning tokens the text cannot show); both numbers are
 * kept and compared. Without one (aborted, failed, or a provider that does not report) the
 * local exact counts are billed: the prompt as counted before sending, and the delivered text.
 */
export function buildStreamResult(facts: StreamFacts): StreamMeterResult {
  const local: TokenUsage = { uncachedInput: facts.promptTokens, cachedInput: 0, output: facts.completionTokens, reasoning: 0 };
  const base = {
    status: facts.status,
    text: facts.text,
    completionTokens: facts.completionTokens,
    promptTokens: facts.promptTokens,
    rate: facts.rate,
    ...(facts.error !== undefined ? { error: facts.error } : {}),
  };
  const reported = facts.upstreamUsage;
  if (!reported) return { ...base, source: "local", usage: local, costMicros: costMicros(local, facts.rate), mismatch: false };

  const upstreamNumbers = {
    upstreamUsage: reported,
    upstreamPromptTokens: reported.prompt_tokens,
    upstreamCompletionTokens: reported.completion_tokens,
  };
  let usage: TokenUsage;
  try {
    usage = fromOpenAIUsage(reported);
  } catch (error) {
    if (!(error instanceof InvalidUsageError)) throw error;
    return { ...base, ...upstreamNumbers, source: "local", usage: local, costMicros: costMicros(local, facts.rate), mismatch: true, upstreamUsageError: error };
  }
  // Reasoning tokens never reach the text, so the text is compared with the visible part only.
  const mismatch = reported.prompt_tokens !== (facts.promptTokensReachingModel ?? facts.promptTokens) || usage.output !== facts.completionTokens;
  return { ...base, ...upstreamNumbers, source: "upstream", usage, costMicros: costMicros(usage, facts.rate), mismatch };
}
