import fc from "fast-check";
import { CL100K_TOKEN_SPLIT_REGEX, O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import { describe, expect, it } from "vitest";
import { chunkText, generateCorpus } from "../testing";
import { textCounter } from "../tokens/encodings";
import { countTokens } from "../tokens/count-tokens";
import { createLiveTokenCounter, LiveTokenCounter } from "./live-token-counter";

const o200k = textCounter("o200k_base");
const cl100k = textCounter("cl100k_base");

describe("LiveTokenCounter", () => {
  it("ends with exactly one tokenization's count of the whole text, for any chunking (both encodings)", () => {
    const text = generateCorpus(30_000, 3);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 1_000 }), (maxLen, seed) => {
        for (const count of [o200k, cl100k]) {
          const counter = new LiveTokenCounter(count);
          for (const delta of chunkText(text, 1, maxLen, seed)) counter.append(delta);
          expect(counter.text()).toBe(text);
          expect(counter.exact()).toBe(count(text));
        }
      }),
      { numRuns: 8 },
    );
  }, 60_000);

  it("cuts a long realistic stream only where the tokenizer's pieces stay the same", () => {
    const text = generateCorpus(300_000, 17);
    for (const regex of [O200K_TOKEN_SPLIT_REGEX, CL100K_TOKEN_SPLIT_REGEX]) {
      const segments: string[] = [];
      const counter = new LiveTokenCounter((segment) => (segments.push(segment), 0));
      for (const delta of chunkText(text, 1, 8, 6)) counter.append(delta);
      counter.exact();
      const pieces = (t: string) => Array.from(t.matchAll(regex), (m) => m[0]);
      expect(segments.length).toBeGreaterThan(100);
      expect(segments.flatMap(pieces)).toEqual(pieces(text));
    }
  }, 60_000);

  it("keeps the live count within 1% of the exact count of the text so far, on long mixed text", () => {
    const text = generateCorpus(200_000, 5);
    const counter = new LiveTokenCounter(o200k);
    let delivered = "";
    let worst = 0;
    let i = 0;
    for (const delta of chunkText(text, 1, 8, 9)) {
      counter.append(delta);
      delivered += delta;
      // Checking every delta would be quadratic; a few hundred samples spread over the text.
      if (++i % 401 === 0) {
        const exact = o200k(delivered);
        worst = Math.max(worst, Math.abs(counter.live() - exact) / exact);
      }
    }
    expect(worst).toBeLessThan(0.01);
    expect(counter.exact()).toBe(o200k(text));
  }, 60_000);

  it("stays within a few tokens of exact on short answers", () => {
    const text = generateCorpus(8_000, 8).slice(0, 8_000);
    const counter = new LiveTokenCounter(o200k);
    let delivered = "";
    let worst = 0;
    for (const delta of chunkText(text, 1, 6, 4)) {
      counter.append(delta);
      delivered += delta;
      worst = Math.max(worst, Math.abs(counter.live() - o200k(delivered)));
    }
    expect(worst).toBeLessThanOrEqual(6);
    expect(counter.exact()).toBe(o200k(text));
  });

  it("is far closer than summing per-chunk counts, which over-counts at chunk borders", () => {
    const text = generateCorpus(50_000, 12);
    const counter = new LiveTokenCounter(o200k);
    let naive = 0;
    for (const delta of chunkText(text, 3, 5, 2)) {
      counter.append(delta);
      naive += o200k(delta);
    }
    const exact = o200k(text);
    expect(naive / exact).toBeGreaterThan(1.3);
    expect(Math.abs(counter.live() - exact) / exact).toBeLessThan(0.01);
  });

  it("copes with a long stretch that has no settle point (one huge line of digits)", () => {
    const text = "1234567890".repeat(5_000);
    const counter = new LiveTokenCounter(o200k);
    for (const delta of chunkText(text, 1, 8, 1)) counter.append(delta);
    expect(Math.abs(counter.live() - o200k(text)) / o200k(text)).toBeLessThan(0.01);
    expect(counter.exact()).toBe(o200k(text));
  });

  it("keeps a long run with no settle point close to exact, after prose calibrated it for words", () => {
    for (const run of ["-".repeat(12_000), "/".repeat(8_000), "|---|---|".repeat(800)]) {
      const counter = createLiveTokenCounter("gpt-4o-mini");
      const text = `${"A sentence of ordinary prose, to calibrate the estimate. ".repeat(100)}${run}`;
      let worst = 0;
      for (let i = 0, n = 0; i < text.length; i += 61, n++) {
        counter.append(text.slice(i, i + 61));
        if (n % 10 !== 9) continue;
        const exact = countTokens(text.slice(0, i + 61), "gpt-4o-mini");
        worst = Math.max(worst, Math.abs(counter.live() - exact) / exact);
      }
      // Before, such a run was estimated at several times its tokens (+11,744 on 1,187).
      expect(worst).toBeLessThan(0.1);
      expect(counter.exact()).toBe(countTokens(text, "gpt-4o-mini"));
    }
  });
});
