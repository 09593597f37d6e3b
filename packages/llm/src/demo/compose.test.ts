import { describe, expect, it } from "vitest";
import { composeReply, topicWords } from "./compose";
import { planGeneration } from "./generation";
import { randomConversation } from "./test-prompts";
import { countTokens } from "./tokens";

const length = { minTokens: 40, maxTokens: 260 };
const ask = (content: string) => [{ role: "user", content }];

describe("composeReply", () => {
  it("is deterministic for a conversation and differs between conversations", () => {
    const a = composeReply(ask("How do I forecast spending?"), length);
    expect(composeReply(ask("How do I forecast spending?"), length)).toBe(a);
    expect(composeReply(ask("How do I forecast revenue?"), length)).not.toBe(a);
  });

  it("writes readable ASCII prose in paragraphs, about the user's topic", () => {
    const reply = composeReply(ask("Please explain reconciliation of invoices"), { minTokens: 200, maxTokens: 200 });
    expect(reply).toMatch(/^[\x20-\x7e\n]+$/);
    expect(reply).toMatch(/reconciliation|invoices/);
    const paragraphs = reply.split("\n\n");
    expect(paragraphs.length).toBeGreaterThanOrEqual(3);
    for (const paragraph of paragraphs) expect(paragraph).toMatch(/^[A-Z0-9-].*[.:!?]$/s);
  });

  it("varies its shape: some replies contain lists", () => {
    const replies = Array.from({ length: 30 }, (_, i) => composeReply(ask(`Roadmap question ${i}`), length));
    expect(replies.some((r) => /\n(- |1\. )/.test(r))).toBe(true);
    expect(new Set(replies).size).toBe(30);
  });

  it("keeps to the requested length range", () => {
    for (let seed = 0; seed < 20; seed++) {
      const tokens = countTokens(composeReply(randomConversation(seed), { minTokens: 100, maxTokens: 150 }));
      expect(tokens).toBeGreaterThanOrEqual(100);
      expect(tokens).toBeLessThan(150 + 120); // one paragraph and the closing line may overshoot
    }
  });

  it("answers a chart request briefly", () => {
    expect(countTokens(composeReply(ask("show me a chart of my usage"), length))).toBeLessThan(40);
  });

  it("picks the longer meaningful words as topics", () => {
    expect(topicWords("What about the invoices and reconciliation, please?")).toEqual(["reconciliation", "invoices"]);
    expect(topicWords("héllo 東京")).toEqual([]);
  });
});

describe("planGeneration", () => {
  const reply = composeReply(ask("Tell me about usage based billing"), length);

  it("splits the text into 1-3 token deltas that add up to it exactly", () => {
    const generation = planGeneration(reply, undefined);
    expect(generation.deltas.map((d) => d.text).join("")).toBe(reply);
    expect(generation.deltas.every((d) => d.tokens >= 1 && d.tokens <= 3)).toBe(true);
    expect(generation.completionTokens).toBe(countTokens(reply));
    expect(generation.finishReason).toBe("stop");
  });

  it("cuts at exactly the limit for every limit below the natural length", () => {
    const natural = countTokens(reply);
    for (let limit = 1; limit < natural; limit++) {
      const generation = planGeneration(reply, limit);
      expect(generation.finishReason).toBe("length");
      expect(generation.completionTokens).toBe(limit);
      expect(countTokens(generation.text)).toBe(limit);
      expect(generation.deltas.reduce((sum, d) => sum + d.tokens, 0)).toBe(limit);
    }
    expect(planGeneration(reply, natural).finishReason).toBe("stop");
  });
});
