import { countTokens, maxCostMicros, type ModelSpec, type Rate } from "@meterkit/metering";

/**
 * Counts a reply while it streams. Live numbers sum per-delta counts (cheap, may be a token off
 * at chunk borders); the final completion count is the tokenizer count of the whole text, as
 * invariant 4 requires, never that sum.
 */
export type LiveMeter = {
  add(delta: string): void;
  completionTokens(): number;
  costMicros(): number;
  text(): string;
  finalCompletionTokens(): number;
};

export function createLiveMeter(model: ModelSpec, billedPromptTokens: number, rate: Rate): LiveMeter {
  let text = "";
  let live = 0;
  return {
    add(delta) {
      text += delta;
      live += countTokens(delta, model);
    },
    completionTokens: () => live,
    costMicros: () => maxCostMicros(billedPromptTokens, live, rate),
    text: () => text,
    finalCompletionTokens: () => countTokens(text, model),
  };
}
