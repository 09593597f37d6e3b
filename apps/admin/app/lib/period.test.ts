import { describe, expect, it } from "vitest";
import { billingPeriodWindow, defaultPeriodDates, periodFromDates, readRunSummary } from "./period";

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

describe("billingPeriodWindow", () => {
  const period = (start: string, end: string) => ({ currentPeriodStart: `${start}T09:30:00.000Z`, currentPeriodEnd: `${end}T09:30:00.000Z` });

  it("is the current period as stored", () => {
    expect(billingPeriodWindow(period("2026-11-15", "2026-12-15"), "current")).toEqual({ periodStart: "2026-11-15T09:30:00.000Z", periodEnd: "2026-12-15T09:30:00.000Z" });
  });

  it("goes back a month on the anchor day, as Stripe clamps short months", () => {
    const previous = (start: string, end: string) => billingPeriodWindow(period(start, end), "previous")?.periodStart.slice(0, 10);
    expect(previous("2026-11-15", "2026-12-15")).toBe("2026-10-15");
    // Anchored on the 31st: Jan 31 → Feb 28 → Mar 31 → Apr 30.
    expect(previous("2026-02-28", "2026-03-31")).toBe("2026-01-31");
    expect(previous("2026-03-31", "2026-04-30")).toBe("2026-02-28");
    expect(previous("2026-04-30", "2026-05-31")).toBe("2026-03-31");
    expect(previous("2026-01-31", "2026-02-28")).toBe("2025-12-31");
    expect(billingPeriodWindow(period("2026-11-15", "2026-12-15"), "previous")?.periodEnd).toBe("2026-11-15T09:30:00.000Z");
  });

  it("is null before the customer subscribed", () => {
    expect(billingPeriodWindow({ currentPeriodStart: null, currentPeriodEnd: null }, "previous")).toBeNull();
  });
});
