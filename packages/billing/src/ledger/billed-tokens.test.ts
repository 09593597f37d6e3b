import { describe, expect, it } from "vitest";
import { billedTokens, type MeasuredTokens } from "./billed-tokens";

const measured = (m: Partial<MeasuredTokens>): MeasuredTokens => ({
  promptTokensSent: 0,
  promptTokensEffective: 0,
  cachedPromptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  ...m,
});

describe("billedTokens", () => {
  it("takes cached tokens out of input instead of billing them twice", () => {
    expect(billedTokens(measured({ promptTokensSent: 1000, promptTokensEffective: 1000, cachedPromptTokens: 600, completionTokens: 50 }), "sent")).toEqual({
      input: 400,
      cachedInput: 600,
      output: 50,
    });
  });

  it("bills reasoning once, inside output", () => {
    expect(billedTokens(measured({ promptTokensSent: 10, promptTokensEffective: 10, completionTokens: 300, reasoningTokens: 250 }), "sent").output).toBe(300);
  });

  it("bills the sent or the effective prompt as the plan says", () => {
    const m = measured({ promptTokensSent: 9000, promptTokensEffective: 4000, cachedPromptTokens: 1000, completionTokens: 7 });
    expect(billedTokens(m, "sent")).toEqual({ input: 8000, cachedInput: 1000, output: 7 });
    expect(billedTokens(m, "effective")).toEqual({ input: 3000, cachedInput: 1000, output: 7 });
  });

  it("never makes a class negative when the cache exceeds the billed prompt", () => {
    expect(billedTokens(measured({ promptTokensSent: 50, promptTokensEffective: 20, cachedPromptTokens: 30 }), "effective")).toEqual({ input: 0, cachedInput: 20, output: 0 });
  });
});
