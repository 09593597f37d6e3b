import { describe, expect, it } from "vitest";
import { integerAmount, lineAmount, normalizeDecimal } from "./decimal";

describe("lineAmount", () => {
  it("rounds half away from zero at the line, like Stripe's 0.05 × 30 example", () => {
    expect(lineAmount(30, "0.05")).toBe(2);
    expect(lineAmount(29, "0.05")).toBe(1);
  });
  it("is exact for token prices far below a cent", () => {
    // 1,234,567 tokens at $0.15 per 1M tokens = 0.000015 cents per token → 18.518505 cents.
    expect(lineAmount(1_234_567, "0.000015")).toBe(19);
    expect(lineAmount(1_000_000, "0.000015")).toBe(15);
  });
  it("handles 12 decimal places and decimal quantities", () => {
    expect(lineAmount(1_000_000_000_000, "0.000000000001")).toBe(1);
    expect(lineAmount(2.5, "1")).toBe(3);
  });
});

describe("decimal helpers", () => {
  it("normalizes and extracts integer amounts", () => {
    expect(normalizeDecimal("2000.0")).toBe("2000");
    expect(normalizeDecimal("0.50")).toBe("0.5");
    expect(integerAmount("2000")).toBe(2000);
    expect(integerAmount("0.05")).toBeNull();
  });
});
