import { describe, expect, it } from "vitest";
import { defaultPeriodDates, periodFromDates, readRunSummary } from "./period";

describe("periodFromDates", () => {
  it("turns inclusive dates into a half-open UTC range", () => {
    expect(periodFromDates("2026-11-01", "2026-11-30")).toEqual({ ok: true, periodStart: "2026-11-01T00:00:00.000Z", periodEnd: "2026-12-01T00:00:00.000Z" });
    expect(periodFromDates("2026-11-05", "2026-11-05")).toMatchObject({ periodEnd: "2026-11-06T00:00:00.000Z" });
  });

  it("names the field that is wrong", () => {
    expect(periodFromDates("", "2026-11-05")).toEqual({ ok: false, fieldErrors: { from: ["Pick the first day of the period."] } });
    expect(periodFromDates("2026-11-05", "2026-11-01")).toEqual({ ok: false, fieldErrors: { through: ["The last day cannot be before the first."] } });
    expect(periodFromDates("2026-13-45", "2026-11-01").ok).toBe(false);
  });

  it("defaults to this month so far", () => {
    expect(defaultPeriodDates(new Date("2026-11-17T10:00:00Z"))).toEqual({ from: "2026-11-01", through: "2026-11-17" });
  });
});

describe("readRunSummary", () => {
  it("reads what is there and leaves the rest empty", () => {
    expect(readRunSummary({ status: "finished", pairs: 4, mismatched: "1" })).toEqual({ status: "finished", pairs: 4, mismatched: 1, ledgerTotal: null, stripeTotal: null });
    expect(readRunSummary(null).status).toBe("unknown");
    expect(readRunSummary('{"status":"running"}').status).toBe("running");
  });
});
