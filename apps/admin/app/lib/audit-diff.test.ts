import { describe, expect, it } from "vitest";
import { auditChanges } from "./audit-diff";

describe("auditChanges", () => {
  it("lists only the fields that changed", () => {
    const before = { name: "Pro", baseFeeMicros: 1, rates: [{ model: "a", v: 1 }], updatedAt: "x" };
    const after = { name: "Pro", baseFeeMicros: 2, rates: [{ model: "a", v: 2 }], updatedAt: "y", reason: "price rise" };
    expect(auditChanges(before, after)).toEqual([
      { field: "baseFeeMicros", before: "1", after: "2" },
      { field: "rates", before: '[{"model":"a","v":1}]', after: '[{"model":"a","v":2}]' },
      { field: "updatedAt", before: "x", after: "y" },
      { field: "reason", before: "—", after: "price rise" },
    ]);
  });

  it("shows every field of a creation", () => {
    expect(auditChanges(null, { amountMicros: 5, note: "goodwill" })).toEqual([
      { field: "amountMicros", before: "—", after: "5" },
      { field: "note", before: "—", after: "goodwill" },
    ]);
  });

  it("handles entries with neither side", () => {
    expect(auditChanges(null, null)).toEqual([]);
  });
});
