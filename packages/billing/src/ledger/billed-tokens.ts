import { billedTokens as meteringBilledTokens } from "@meterkit/metering";

/** Which prompt count a plan bills: what the customer sent, or what reached the model after truncation. */
export type BillPromptAs = "sent" | "effective";

export interface MeasuredTokens {
  promptTokensSent: number;
  promptTokensEffective: number;
  /** Subset of the prompt (OpenAI's `cached_tokens` is inside `prompt_tokens`). */
  cachedPromptTokens: number;
  /** Includes reasoning tokens (OpenAI's `reasoning_tokens` is inside `completion_tokens`). */
  completionTokens: number;
  reasoningTokens: number;
}

export interface BilledTokens {
  input: number;
  cachedInput: number;
  output: number;
}

/**
 * Measured counts (OpenAI's subset format: cached inside prompt, reasoning inside completion)
 * to billed counts per meter, through the metering package's one subset rule. Uncached input =
 * billed prompt − cached; output = completion, reasoning included once. The plan picks the
 * billed prompt: what the customer sent or what reached the model. Cached tokens are capped at
 * the billed prompt (only possible when billing the truncated prompt) so no class goes negative.
 */
export function billedTokens(measured: MeasuredTokens, billPromptAs: BillPromptAs): BilledTokens {
  const prompt = billPromptAs === "sent" ? measured.promptTokensSent : measured.promptTokensEffective;
  const cached = Math.min(measured.cachedPromptTokens, prompt);
  const reasoning = Math.min(measured.reasoningTokens, measured.completionTokens);
  return meteringBilledTokens({ uncachedInput: prompt - cached, cachedInput: cached, output: measured.completionTokens - reasoning, reasoning });
}

export type TokenClass = "input" | "cached_input" | "output";

/** The billed value a meter of `tokenClass` carries for one event. */
export function billedForClass(billed: BilledTokens, tokenClass: TokenClass): number {
  if (tokenClass === "input") return billed.input;
  if (tokenClass === "cached_input") return billed.cachedInput;
  return billed.output;
}
