import { describe, expect, it } from "vitest";
import { dailyPoints } from "./daily-usage";

describe("dailyPoints", () => {
  it("sums models per day, counts cached input as input and fills empty days with zeros", () => {
    const rows = [
      { day: "2026-03-01", inputTokens: 100, cachedInputTokens: 20, outputTokens: 50, costMicros: 300 },
      { day: "2026-03-01", inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, costMicros: 30 },
      { day: "2026-03-03", inputTokens: 1, cachedInputTokens: 0, outputTokens: 2, costMicros: 9 },
    ];
    expect(dailyPoints(rows, new Date("2026-03-01T00:00:00Z"), new Date("2026-03-03T18:00:00Z"))).toEqual([
      { day: "2026-03-01", inputTokens: 130, outputTokens: 55, costMicros: 330 },
      { day: "2026-03-02", inputTokens: 0, outputTokens: 0, costMicros: 0 },
      { day: "2026-03-03", inputTokens: 1, outputTokens: 2, costMicros: 9 },
    ]);
  });
});
