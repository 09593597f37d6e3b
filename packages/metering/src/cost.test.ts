import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Rate } from "./catalog/types";
import { centsPerTokenDecimal, costMicros, maxCostMicros } from "./cost";
import { InvalidRateError, InvalidUsageError } from "./errors";
import { addUsage, ZERO_USAGE, type TokenUsage } from "./usage-formats";

const gpt4oMini: Rate = { version: 1, inputMicrosPerMTok: 150_000, cachedInputMicrosPerMTok: 75_000, outputMicrosPerMTok: 600_000 };

const tokens = fc.integer({ min: 0, max: 2_000_000 });
const usageArb: fc.Arbitrary<TokenUsage> = fc.record({ uncachedInput: tokens, cachedInput: tokens, output: tokens, reasoning: tokens });
const micros = fc.integer({ min: 0, max: 100_000_000 });
const rateArb: fc.Arbitrary<Rate> = fc
  .record({ input: micros, cached: micros, output: micros })
  .map(({ input, cached, output }) => ({
    version: 1,
    inputMicrosPerMTok: input,
    cachedInputMicrosPerMTok: Math.min(cached, input),
    outputMicrosPerMTok: output,
  }));

describe("costMicros", () => {
  it("prices each class at its own rate and reasoning at the output rate", () => {
    // 1M uncached × 0.15 + 1M cached × 0.075 + (1M + 1M) × 0.60 USD = 1.425 USD
    expect(costMicros({ uncachedInput: 1e6, cachedInput: 1e6, output: 1e6, reasoning: 1e6 }, gpt4oMini)).toBe(1_425_000);
  });

  it("rounds the exact amount half-up once per event", () => {
    // 3 input tokens × 0.15 micros = 0.45 → 0; 4 tokens = 0.6 → 1; 10 tokens = 1.5 → 2
    expect(costMicros({ ...ZERO_USAGE, uncachedInput: 3 }, gpt4oMini)).toBe(0);
    expect(costMicros({ ...ZERO_USAGE, uncachedInput: 4 }, gpt4oMini)).toBe(1);
    expect(costMicros({ ...ZERO_USAGE, uncachedInput: 10 }, gpt4oMini)).toBe(2);
    // one rounding for the event total, not one per class: 3 input (0.45) + 1 output (0.6) = 1.05 → 1
    expect(costMicros({ ...ZERO_USAGE, uncachedInput: 3, output: 1 }, gpt4oMini)).toBe(1);
  });

  it("is an integer, never negative, and monotonic in every class", () => {
    fc.assert(
      fc.property(usageArb, usageArb, rateArb, (usage, extra, rate) => {
        const base = costMicros(usage, rate);
        expect(Number.isSafeInteger(base)).toBe(true);
        expect(base).toBeGreaterThanOrEqual(0);
        expect(costMicros(addUsage(usage, extra), rate)).toBeGreaterThanOrEqual(base);
      }),
    );
  });

  it("sums of event costs and the cost of summed tokens differ by at most (n + 1) / 2 micros", () => {
    fc.assert(
      fc.property(fc.array(usageArb, { minLength: 1, maxLength: 60 }), rateArb, (events, rate) => {
        const sumOfCosts = events.reduce((sum, e) => sum + costMicros(e, rate), 0);
        const costOfSum = costMicros(events.reduce(addUsage, ZERO_USAGE), rate);
        expect(Math.abs(sumOfCosts - costOfSum)).toBeLessThanOrEqual((events.length + 1) / 2);
      }),
    );
  });

  it("keeps the worst case above the real cost (reservations never fall short)", () => {
    fc.assert(
      fc.property(tokens, tokens, tokens, tokens, rateArb, (prompt, cachedShare, maxOut, outShare, rate) => {
        const cached = Math.min(cachedShare, prompt);
        const output = Math.min(outShare, maxOut);
        const actual = costMicros({ uncachedInput: prompt - cached, cachedInput: cached, output, reasoning: 0 }, rate);
        expect(actual).toBeLessThanOrEqual(maxCostMicros(prompt, maxOut, rate));
      }),
    );
  });

  it("rejects negative or fractional tokens and rates", () => {
    expect(() => costMicros({ ...ZERO_USAGE, output: -1 }, gpt4oMini)).toThrow(InvalidUsageError);
    expect(() => costMicros({ ...ZERO_USAGE, output: 0.5 }, gpt4oMini)).toThrow(InvalidUsageError);
    expect(() => costMicros(ZERO_USAGE, { ...gpt4oMini, outputMicrosPerMTok: -5 })).toThrow(InvalidRateError);
  });
});

describe("centsPerTokenDecimal", () => {
  it("converts micros per 1M tokens to Stripe's cents-per-token decimal exactly", () => {
    expect(centsPerTokenDecimal(150_000)).toBe("0.000015"); // $0.15 / 1M tokens
    expect(centsPerTokenDecimal(10_000_000)).toBe("0.001"); // $10 / 1M tokens
    expect(centsPerTokenDecimal(1)).toBe("0.0000000001");
    expect(centsPerTokenDecimal(0)).toBe("0");
    expect(centsPerTokenDecimal(123_456_789_000_000)).toBe("12345.6789");
  });
});

describe("costMicros number and BigInt paths", () => {
  it("agree on the same rounding for numerators around 2^53", () => {
    const big: Rate = { version: 1, inputMicrosPerMTok: 999_999_999_999, cachedInputMicrosPerMTok: 0, outputMicrosPerMTok: 999_999_999_983 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }), (input, output) => {
        const exact = BigInt(input) * 999_999_999_999n + BigInt(output) * 999_999_999_983n;
        const expected = Number(exact / 1_000_000n + ((exact % 1_000_000n) * 2n >= 1_000_000n ? 1n : 0n));
        expect(costMicros({ ...ZERO_USAGE, uncachedInput: input, output }, big)).toBe(expected);
      }),
    );
  });
});
