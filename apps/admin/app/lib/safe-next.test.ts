import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/customers/42?tab=usage")).toBe("/customers/42?tab=usage");
    expect(safeNext("/")).toBe("/");
  });
  it("refuses other origins and tricks that browsers resolve to them", () => {
    for (const value of ["https://evil.example", "//evil.example", "/\\evil.example", "evil", "", null, undefined, 42]) {
      expect(safeNext(value)).toBe("/");
    }
  });
});
