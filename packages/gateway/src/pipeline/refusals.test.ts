import { describe, expect, it } from "vitest";
import { usd } from "./refusals";

describe("usd", () => {
  it("writes micros as dollars and cents, rounded away from zero", () => {
    expect(usd(0)).toBe("$0.00");
    expect(usd(1)).toBe("$0.01");
    expect(usd(2_500_000)).toBe("$2.50");
    expect(usd(123_456_789)).toBe("$123.46");
  });

  it("writes a negative amount (credits above usage) with its sign in front", () => {
    expect(usd(-1_500_000)).toBe("-$1.50");
    expect(usd(-10_000)).toBe("-$0.01");
  });
});
