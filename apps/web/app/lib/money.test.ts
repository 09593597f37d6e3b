import { describe, expect, it } from "vitest";
import { formatMicros } from "./money";

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
});
