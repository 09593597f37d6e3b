import { describe, expect, it } from "vitest";
import { costMicros } from "./cost";
import { InvalidUsageError } from "./errors";
import { billedTokens, fromOpenAIUsage, toOpenAIUsage, type OpenAIUsage, type TokenUsage } from "./usage-formats";

const reasoningModelUsage: OpenAIUsage = {
  prompt_tokens: 1_000,
  completion_tokens: 500,
  total_tokens: 1_500,
  prompt_tokens_details: { cached_tokens: 800 },
  completion_tokens_details: { reasoning_tokens: 300 },
};

describe("OpenAI usage, subset rule", () => {
  it("splits prompt_tokens into uncached + cached and completion_tokens into output + reasoning", () => {
    expect(fromOpenAIUsage(reasoningModelUsage)).toEqual({ uncachedInput: 200, cachedInput: 800, output: 200, reasoning: 300 });
  });

  it("bills exactly prompt_tokens + completion_tokens, nothing twice", () => {
    const billed = billedTokens(fromOpenAIUsage(reasoningModelUsage));
    expect(billed).toEqual({ input: 200, cachedInput: 800, output: 500 });
    expect(billed.input + billed.cachedInput + billed.output).toBe(reasoningModelUsage.total_tokens);
  });

  it("shows that the additive reading would over-bill cached and reasoning tokens", () => {
    const rate = { version: 1, inputMicrosPerMTok: 2_000_000, cachedInputMicrosPerMTok: 500_000, outputMicrosPerMTok: 8_000_000 };
    const additive: TokenUsage = { uncachedInput: 1_000, cachedInput: 800, output: 500, reasoning: 300 };
    const subset = fromOpenAIUsage(reasoningModelUsage);
    // subset: 200×2 + 800×0.5 + 500×8 = 4_800 micros; additive: 2_000 + 400 + 6_400 = 8_800 micros.
    expect(costMicros(subset, rate)).toBe(4_800);
    expect(costMicros(additive, rate)).toBe(8_800);
  });

  it("treats missing or null details as zero", () => {
    expect(fromOpenAIUsage({ prompt_tokens: 12, completion_tokens: 7 })).toEqual({ uncachedInput: 12, cachedInput: 0, output: 7, reasoning: 0 });
    expect(
      fromOpenAIUsage({ prompt_tokens: 12, completion_tokens: 7, prompt_tokens_details: null, completion_tokens_details: { reasoning_tokens: null } }),
    ).toEqual({ uncachedInput: 12, cachedInput: 0, output: 7, reasoning: 0 });
  });

  it("rejects usage that cannot be billed: negative, fractional, or a subset larger than its total", () => {
    expect(() => fromOpenAIUsage({ prompt_tokens: -1, completion_tokens: 0 })).toThrow(InvalidUsageError);
    expect(() => fromOpenAIUsage({ prompt_tokens: 1.5, completion_tokens: 0 })).toThrow(InvalidUsageError);
    expect(() => fromOpenAIUsage({ prompt_tokens: 10, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 11 } })).toThrow(
      /cached_tokens \(11\) cannot exceed prompt_tokens \(10\)/,
    );
    expect(() => fromOpenAIUsage({ prompt_tokens: 0, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 6 } })).toThrow(
      InvalidUsageError,
    );
  });

  it("round-trips through toOpenAIUsage", () => {
    const usage = fromOpenAIUsage(reasoningModelUsage);
    expect(toOpenAIUsage(usage)).toEqual(reasoningModelUsage);
  });
});
