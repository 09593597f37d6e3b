import { describe, expect, it } from "vitest";
import { getModel } from "./catalog";
import { applyContextPolicy } from "./context-policy";
import { ContextLengthExceededError, InvalidRequestError } from "./errors";
import type { ChatMessage } from "./messages";
import { countChatTokens } from "./tokens/chat-tokens";

const demo = getModel("meterkit-demo"); // window 16_384, max output 4_096

// About `tokens` tokens of prose (" word" is one token in o200k_base).
const filler = (tokens: number) => "word".concat(" word".repeat(tokens - 1));

const conversation: ChatMessage[] = [
  { role: "system", content: "You are terse." },
  { role: "user", content: filler(4_000) },
  { role: "assistant", content: filler(4_000) },
  { role: "user", content: filler(4_000) },
  { role: "assistant", content: filler(2_000) },
  { role: "user", content: "And now?" },
];

describe("applyContextPolicy", () => {
  it("passes a request that fits unchanged, with sent = effective", () => {
    const messages: ChatMessage[] = [{ role: "user", content: "Hello" }];
    const result = applyContextPolicy({ messages, model: "meterkit-demo", maxTokens: 100, policy: "reject" });
    expect(result).toEqual({
      messages,
      sentTokens: countChatTokens(messages, demo),
      effectiveTokens: countChatTokens(messages, demo),
      completionBudget: 100,
      dropped: { count: 0, indexes: [] },
      truncated: false,
    });
  });

  it("rejects with OpenAI's context_length_exceeded shape and numbers", () => {
    const prompt = countChatTokens(conversation, demo);
    try {
      applyContextPolicy({ messages: conversation, model: demo, maxTokens: 3_000, policy: "reject" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ContextLengthExceededError);
      const e = error as ContextLengthExceededError;
      expect(e.code).toBe("context_length_exceeded");
      expect(e.param).toBe("messages");
      expect(e.details).toEqual({ model: "meterkit-demo", contextWindow: 16_384, promptTokens: prompt, completionTokens: 3_000, requestedTokens: prompt + 3_000 });
      expect(e.message).toBe(
        `This model's maximum context length is 16384 tokens. However, you requested ${prompt + 3_000} tokens ` +
          `(${prompt} in the messages, 3000 in the completion). Please reduce the length of the messages or completion.`,
      );
      expect(e.toOpenAIError().error).toMatchObject({ type: "invalid_request_error", code: "context_length_exceeded" });
    }
  });

  it("truncates the oldest non-system messages until prompt + max_tokens fits", () => {
    const result = applyContextPolicy({ messages: conversation, model: demo, maxTokens: 3_000, policy: "truncate" });
    expect(result.truncated).toBe(true);
    expect(result.dropped).toEqual({ count: 1, indexes: [1] });
    expect(result.messages.map((m) => m.role)).toEqual(["system", "assistant", "user", "assistant", "user"]);
    expect(result.sentTokens).toBe(countChatTokens(conversation, demo));
    expect(result.effectiveTokens).toBe(countChatTokens(result.messages, demo));
    expect(result.effectiveTokens + 3_000).toBeLessThanOrEqual(demo.contextWindow);
    expect(result.completionBudget).toBe(3_000);
  });

  it("never drops system messages or the last user message, and rejects when that is still too big", () => {
    const hopeless: ChatMessage[] = [
      { role: "system", content: filler(9_000) },
      { role: "assistant", content: "Earlier answer" },
      { role: "user", content: filler(6_000) },
    ];
    expect(() => applyContextPolicy({ messages: hopeless, model: demo, maxTokens: 2_000, policy: "truncate" })).toThrow(
      ContextLengthExceededError,
    );
    const fitsAfterDrop = applyContextPolicy({ messages: hopeless, model: demo, maxTokens: 1_000, policy: "truncate" });
    expect(fitsAfterDrop.dropped.indexes).toEqual([]);
    const lastUserKept: ChatMessage[] = [
      { role: "system", content: "Be kind." },
      { role: "user", content: filler(8_000) },
      { role: "user", content: filler(7_000) },
      { role: "assistant", content: "ok" },
    ];
    const kept = applyContextPolicy({ messages: lastUserKept, model: demo, maxTokens: 2_000, policy: "truncate" });
    expect(kept.dropped.indexes).toEqual([1]);
    expect(kept.messages[1]?.content).toBe(lastUserKept[2]?.content);
  });

  it("without max_tokens lets the completion use what the window leaves, up to the output limit", () => {
    const small = applyContextPolicy({ messages: [{ role: "user", content: "Hi" }], model: demo, policy: "reject" });
    expect(small.completionBudget).toBe(demo.maxOutputTokens);
    const big: ChatMessage[] = [{ role: "user", content: filler(15_000) }];
    const nearlyFull = applyContextPolicy({ messages: big, model: demo, policy: "reject" });
    expect(nearlyFull.completionBudget).toBe(demo.contextWindow - nearlyFull.sentTokens);
    const overflowing: ChatMessage[] = [{ role: "user", content: filler(16_500) }];
    expect(() => applyContextPolicy({ messages: overflowing, model: demo, policy: "reject" })).toThrow(
      /However, your messages resulted in \d+ tokens\. Please reduce the length of the messages\./,
    );
  });

  it("reports the input limit of models that reserve room for output", () => {
    const gpt5 = getModel("gpt-5"); // window 400k, input at most 272k
    const messages: ChatMessage[] = [{ role: "user", content: filler(280_000) }];
    try {
      applyContextPolicy({ messages, model: gpt5, maxTokens: 1_000, policy: "reject" });
      expect.unreachable();
    } catch (error) {
      expect((error as ContextLengthExceededError).details.contextWindow).toBe(272_000);
    }
  });

  it("validates its inputs", () => {
    expect(() => applyContextPolicy({ messages: [], model: demo, policy: "reject" })).toThrow(InvalidRequestError);
    expect(() => applyContextPolicy({ messages: conversation, model: demo, maxTokens: -1, policy: "reject" })).toThrow(/below minimum/);
    expect(() => applyContextPolicy({ messages: conversation, model: demo, maxTokens: 5_000, policy: "truncate" })).toThrow(/too large/);
    expect(() => applyContextPolicy({ messages: conversation, model: "nope", policy: "reject" })).toThrow(/does not exist/);
  });
});
