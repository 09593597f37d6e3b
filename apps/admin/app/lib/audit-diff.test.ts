import { describe, expect, it } from "vitest";
import { auditChanges } from "./audit-diff";

describe("auditChanges", () => {
  it("lists only the fields that changed", () => {
    const before = { name: "Pro", baseFeeMicros: 1, rates: [{ model: "a", v: 1 }], updatedAt: "x" };
    const after = { name: "Pro", baseFeeMicros: 2, rates: [{ model: "a", v: 2 }], updatedAt: "y", reason: "price rise" };
    expect(auditChanges(before, after)).toEqual([
      { field: "baseFeeMicros", before: "$0.000001", after: "$0.000002" },
      { field: "rates", before: '[{"model":"a","v":1}]', after: '[{"model":"a","v":2}]' },
      { field: "updatedAt", before: "x", after: "y" },
      { field: "reason", before: "—", after: "price rise" },
    ]);
  });

  it("shows every field of a creation", () => {
    expect(auditChanges(null, { amountMicros: 5, note: "goodwill" })).toEqual([
      { field: "amountMicros", before: "—", after: "$0.000005" },
      { field: "note", before: "—", after: "goodwill" },
    ]);
  });

  it("shows instants as dates, money in dollars and a missing value as none", () => {
    const before = { finishedAt: null, hard_cap_micros: "2500000", windowEnd: "2026-11-01T00:00:00.000Z" };
    const after = { finishedAt: "2026-11-27T09:05:00+00:00", hard_cap_micros: null, windowEnd: "2026-11-02T00:00:00.000Z" };
    expect(auditChanges(before, after)).toEqual([
      { field: "finishedAt", before: "none", after: "Nov 27, 2026, 09:05 UTC" },
      { field: "hard_cap_micros", before: "$2.50", after: "none" },
      { field: "windowEnd", before: "Nov 1, 2026, 00:00 UTC", after: "Nov 2, 2026, 00:00 UTC" },
    ]);
  });

  it("handles entries with neither side", () => {
    expect(auditChanges(null, null)).toEqual([]);
  });
});
