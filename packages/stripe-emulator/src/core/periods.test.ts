import { describe, expect, it } from "vitest";
import { addInterval } from "./periods";

const at = (iso: string) => Date.parse(iso) / 1000;

describe("addInterval", () => {
  it("adds calendar months and clamps to the month end", () => {
    expect(addInterval(at("2026-01-15T10:00:00Z"), "month")).toBe(at("2026-02-15T10:00:00Z"));
    expect(addInterval(at("2026-01-31T00:00:00Z"), "month")).toBe(at("2026-02-28T00:00:00Z"));
    expect(addInterval(at("2026-12-31T00:00:00Z"), "month")).toBe(at("2027-01-31T00:00:00Z"));
  });
  it("handles days, weeks and years", () => {
    expect(addInterval(at("2026-03-01T00:00:00Z"), "day", 2)).toBe(at("2026-03-03T00:00:00Z"));
    expect(addInterval(at("2026-03-01T00:00:00Z"), "week")).toBe(at("2026-03-08T00:00:00Z"));
    expect(addInterval(at("2028-02-29T00:00:00Z"), "year")).toBe(at("2029-02-28T00:00:00Z"));
  });
});
