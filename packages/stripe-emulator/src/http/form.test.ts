import { describe, expect, it } from "vitest";
import { canonicalParams, parseForm } from "./form";

describe("parseForm", () => {
  it("nests bracketed keys", () => {
    expect(parseForm("a%5Bb%5D%5Bc%5D=1&name=Ada+Lovelace")).toEqual({ a: { b: { c: "1" } }, name: "Ada Lovelace" });
  });
  it("turns indexed keys into arrays of objects", () => {
    expect(parseForm("items[0][price]=p1&items[1][price]=p2&items[1][quantity]=3")).toEqual({
      items: [{ price: "p1" }, { price: "p2", quantity: "3" }],
    });
  });
  it("appends for empty brackets", () => {
    expect(parseForm("expand[]=customer&expand[]=latest_invoice")).toEqual({ expand: ["customer", "latest_invoice"] });
  });
  it("keeps an empty value (used to clear metadata)", () => {
    expect(parseForm("metadata=")).toEqual({ metadata: "" });
  });
});

describe("canonicalParams", () => {
  it("ignores key order", () => {
    expect(canonicalParams({ b: "1", a: { d: "2", c: "3" } })).toBe(canonicalParams({ a: { c: "3", d: "2" }, b: "1" }));
  });
});
