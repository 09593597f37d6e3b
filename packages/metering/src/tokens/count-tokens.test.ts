import { countTokens as libraryCount } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { countTokens } from "./count-tokens";
import { UnknownModelError } from "../errors";

describe("countTokens", () => {
  it("matches the published cl100k and o200k counts of simple texts", () => {
    // OpenAI cookbook: "tiktoken is great!" is 6 tokens in cl100k_base (and in o200k_base).
    expect(countTokens("tiktoken is great!", "gpt-4")).toBe(6);
    expect(countTokens("tiktoken is great!", "gpt-3.5-turbo")).toBe(6);
    expect(countTokens("tiktoken is great!", "gpt-4o")).toBe(6);
    expect(countTokens("", "gpt-4o")).toBe(0);
  });

  it("uses o200k_base for the demo model and the gpt-4o/gpt-5/o-series families", () => {
    const text = "Ünïcødé, 汉字, emoji 👩🏽‍💻 and code: const x = [1, 2, 3];";
    for (const model of ["meterkit-demo", "gpt-4o-mini", "gpt-4.1", "gpt-5-mini", "o3", "o4-mini"]) {
      expect(countTokens(text, model)).toBe(libraryCount(text, { disallowedSpecial: new Set() }));
    }
    expect(countTokens(text, "gpt-4")).not.toBe(countTokens(text, "gpt-4o"));
  });

  it("counts special-token lookalikes as the ordinary text the provider sees, never throwing", () => {
    // "<|endoftext|>" typed by a user is < | endo ft ext | > ... not the single control token.
    expect(countTokens("<|endoftext|>", "gpt-4o")).toBe(7);
    expect(countTokens("<|endoftext|>", "gpt-4")).toBe(7);
    expect(countTokens("a <|im_start|>system<|im_sep|> b <|endofprompt|>", "gpt-4o")).toBeGreaterThan(10);
  });

  it("rejects models outside the catalog with a typed error", () => {
    expect(() => countTokens("hi", "gpt-99")).toThrow(UnknownModelError);
  });
});
