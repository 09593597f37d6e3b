import fc from "fast-check";
import { CL100K_TOKEN_SPLIT_REGEX, O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../testing";
import { textCounter } from "./encodings";
import { isSettlePoint, lastSettlePoint } from "./settle-points";

const splitters = { o200k_base: O200K_TOKEN_SPLIT_REGEX, cl100k_base: CL100K_TOKEN_SPLIT_REGEX } as const;
const pieces = (text: string, regex: RegExp) => Array.from(text.matchAll(regex), (m) => m[0]);

// Characters that stress the pre-split patterns: case changes, contractions, digits, both
// newline kinds, indentation, the "\n/" quirk, marks, CJK, astral letters, emoji, odd spaces.
const atoms = [
  "a", "b", "Z", "Q", "é", "e\u0301", "ß", "Ω", "я", "猫", "。", "，", "か", "𝐀", "😀", "👩‍💻", "🇫🇷",
  "'", "'s", "'T", "'ll", "’", "0", "7", "123", "4567", "½", "²", "Ⅷ", "٣", "𝟙", " ", "  ", "\t", "\n", "\r\n", "\n\n", " \n",
  "/", "//", ".", ",", "(", ")", "{", "}", "\"", ":", "-", "_", "#", "*", "\u00a0", "\u2028", "<|endoftext|>",
];
const textArb = fc.array(fc.constantFrom(...atoms), { minLength: 1, maxLength: 40 }).map((parts) => parts.join(""));

function assertSplitsAt(text: string, p: number) {
  for (const [encoding, regex] of Object.entries(splitters)) {
    const whole = pieces(text, regex);
    const halves = [...pieces(text.slice(0, p), regex), ...pieces(text.slice(p), regex)];
    expect(halves, `${encoding} at ${p} in ${JSON.stringify(text)}`).toEqual(whole);
    const count = textCounter(encoding as keyof typeof splitters);
    expect(count(text.slice(0, p)) + count(text.slice(p))).toBe(count(text));
  }
}

describe("settle points", () => {
  it("finds the expected points in plain cases", () => {
    expect(lastSettlePoint("the cat")).toBe(3);
    expect(lastSettlePoint("don't stop")).toBe(5); // never between "don" and "'t"
    expect(lastSettlePoint("line one\nnext")).toBe(9);
    expect(lastSettlePoint(";;\n  y")).toBe(3);
    expect(lastSettlePoint(";;\n/")).toBe(-1); // o200k glues "\n/" onto the punctuation
    expect(isSettlePoint(";;\n   ", 3)).toBeNull(); // needs the next line's first character
    expect(lastSettlePoint("cafe\u0301 ok go")).toBe(8);
    expect(isSettlePoint("cafe\u0301 ok", 4)).toBe(false); // never between e and its combining accent
    expect(isSettlePoint("猫。", 1)).toBe(true);
    expect(lastSettlePoint("2026-08-04,183")).toBe(10); // after each number
    expect(isSettlePoint("12345", 3)).toBe(false); // never inside a run of digits
    expect(lastSettlePoint("the cat sat", 5)).toBe(7);
    expect(lastSettlePoint("the cat", 4)).toBe(-1);
  });

  it("splits tokenization exactly at every point, for random tricky text (both encodings)", () => {
    fc.assert(
      fc.property(textArb, (text) => {
        for (let p = 1; p < text.length; p++) if (isSettlePoint(text, p)) assertSplitsAt(text, p);
      }),
      { numRuns: 300 },
    );
  });

  it("splits tokenization exactly at every point of realistic mixed text", () => {
    const text = generateCorpus(3_000, 11);
    let checked = 0;
    for (let p = 1; p < text.length; p++) {
      if (!isSettlePoint(text, p)) continue;
      assertSplitsAt(text, p);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  }, 60_000);
});
