import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/app/usage?period=current", "/app")).toBe("/app/usage?period=current");
    expect(safeNext("/customers/42?tab=usage", "/")).toBe("/customers/42?tab=usage");
    expect(safeNext("/", "/app")).toBe("/");
  });

  it("refuses anything a browser would resolve to another site, and what a Location header cannot carry", () => {
    const tricks = ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "evil", "/\t/evil.example", "/\n/evil.example", "/\r\n/x", "/\u007f/x", "", null, undefined, 42];
    for (const value of tricks) expect(safeNext(value, "/home")).toBe("/home");
  });

  it("what it keeps stays on this site when a browser resolves it", () => {
    for (const value of ["/a", "/a//b", "/%2F%2Fevil.example", "/?next=//evil.example"]) {
      expect(new URL(safeNext(value, "/"), "https://app.example").host).toBe("app.example");
    }
  });
});
