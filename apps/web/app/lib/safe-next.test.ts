import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/app/usage?period=current")).toBe("/app/usage?period=current");
  });
  it("refuses anything that could leave the site", () => {
    for (const value of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/\tx", "", null, 42]) {
      expect(safeNext(value)).toBe("/app");
    }
  });
});
