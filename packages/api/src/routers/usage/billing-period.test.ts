import { describe, expect, it } from "vitest";
import { previousPeriod } from "./billing-period";

const at = (iso: string) => new Date(iso);

describe("previousPeriod", () => {
  it("is the calendar month before, not a period as long as the current one", () => {
    const march = { start: at("2026-03-01T00:00:00Z"), end: at("2026-04-01T00:00:00Z") };
    expect(previousPeriod(march, false)).toEqual({ start: at("2026-02-01T00:00:00Z"), end: at("2026-03-01T00:00:00Z") });
  });

  it("keeps a subscription's anchor time of day, and moves a day the month lacks to its last day", () => {
    const anchored = { start: at("2026-03-15T09:30:12Z"), end: at("2026-04-15T09:30:12Z") };
    expect(previousPeriod(anchored, false).start).toEqual(at("2026-02-15T09:30:12Z"));
    const endOfMonth = { start: at("2026-03-31T00:00:00Z"), end: at("2026-04-30T00:00:00Z") };
    expect(previousPeriod(endOfMonth, false).start).toEqual(at("2026-02-28T00:00:00Z"));
    // Anchored on the 31st, the period that began on a clamped Feb 28 follows one from Jan 31.
    const afterClamp = { start: at("2026-02-28T08:00:00Z"), end: at("2026-03-31T08:00:00Z") };
    expect(previousPeriod(afterClamp, false).start).toEqual(at("2026-01-31T08:00:00Z"));
    const january = { start: at("2026-01-10T00:00:00Z"), end: at("2026-02-10T00:00:00Z") };
    expect(previousPeriod(january, false).start).toEqual(at("2025-12-10T00:00:00Z"));
  });

  it("before a subscription exists, the calendar month before", () => {
    const november = { start: at("2026-11-01T00:00:00Z"), end: at("2026-12-01T00:00:00Z") };
    expect(previousPeriod(november, true)).toEqual({ start: at("2026-10-01T00:00:00Z"), end: at("2026-11-01T00:00:00Z") });
  });
});
