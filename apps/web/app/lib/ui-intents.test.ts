import { describe, expect, it } from "vitest";
import { wantsUsageChart } from "./ui-intents";

describe("wantsUsageChart", () => {
  it("recognises requests for the usage chart", () => {
    for (const ask of ["show my usage chart", "Can you plot my token spend?", "graph of my costs please", "USAGE CHART"]) {
      expect(wantsUsageChart(ask), ask).toBe(true);
    }
  });
  it("leaves other messages alone", () => {
    for (const ask of ["How should I price tokens?", "Draw a chart of the stock market", "usage-based pricing explained", "charting libraries"]) {
      expect(wantsUsageChart(ask), ask).toBe(false);
    }
  });
});
