import { describe, expect, it } from "vitest";
import { centsPerTokenToMicrosPerMtok, formatMicros, parseMoneyToMicros } from "./money";

describe("formatMicros", () => {
  it("keeps two decimals at least and more only when the price needs them", () => {
    expect(formatMicros(0)).toBe("$0.00");
    expect(formatMicros(150_000)).toBe("$0.15");
    expect(formatMicros(75_000)).toBe("$0.075");
    expect(formatMicros(2_500_000)).toBe("$2.50");
    expect(formatMicros(1)).toBe("$0.000001");
  });
  it("groups thousands, keeps the sign and names other currencies", () => {
    expect(formatMicros(1_234_567_000_000)).toBe("$1,234,567.00");
    expect(formatMicros(-500_000)).toBe("-$0.50");
    expect(formatMicros(990_000, "eur")).toBe("EUR 0.99");
  });
  it("is exact where floating point is not", () => {
    // 0.1 + 0.2 in dollars would print 0.30000000000000004.
    expect(formatMicros(100_000 + 200_000)).toBe("$0.30");
    expect(formatMicros(9_007_199_254_740_991)).toBe("$9,007,199,254.740991");
    expect(formatMicros(344)).toBe("$0.000344");
  });
});

describe("parseMoneyToMicros", () => {
  it("reads what people type, without floating point", () => {
    expect(parseMoneyToMicros("12")).toBe(12_000_000);
    expect(parseMoneyToMicros("12.5")).toBe(12_500_000);
    expect(parseMoneyToMicros(" $1,250.00 ")).toBe(1_250_000_000);
    expect(parseMoneyToMicros("0.000001")).toBe(1);
    expect(parseMoneyToMicros("0.29")).toBe(290_000);
  });
  it("refuses what is not an amount", () => {
    for (const bad of ["", "abc", "-5", "1.0000001", "1e3", "12.3.4", "1,2"]) expect(parseMoneyToMicros(bad), bad).toBeNull();
  });
  it("round-trips with formatMicros", () => {
    for (const micros of [0, 1, 75_000, 12_340_000, 999_999_999]) expect(parseMoneyToMicros(formatMicros(micros))).toBe(micros);
  });
});

describe("centsPerTokenToMicrosPerMtok", () => {
  it("turns Stripe's cents-per-token decimals into micros per million tokens", () => {
    expect(centsPerTokenToMicrosPerMtok("0.0001")).toBe(1_000_000); // $1.00 / 1M
    expect(centsPerTokenToMicrosPerMtok("0.0000075")).toBe(75_000); // $0.075 / 1M
    expect(centsPerTokenToMicrosPerMtok("0.001")).toBe(10_000_000); // $10 / 1M
    expect(centsPerTokenToMicrosPerMtok("2")).toBe(20_000_000_000);
  });
  it("rounds below a micro half up and refuses garbage", () => {
    expect(centsPerTokenToMicrosPerMtok("0.00000000005")).toBe(1);
    expect(centsPerTokenToMicrosPerMtok("0.00000000004")).toBe(0);
    expect(centsPerTokenToMicrosPerMtok("x")).toBeNull();
  });
});
