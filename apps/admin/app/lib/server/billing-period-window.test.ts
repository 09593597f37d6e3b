import { describe, expect, it } from "vitest";
import { billingPeriodWindow } from "./billing-period-window.server";

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
