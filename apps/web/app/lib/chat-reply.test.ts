import { describe, expect, it } from "vitest";
import { applyLine, emptyReply, endWithoutDone } from "./chat-reply";
import { createStreamPartParser, encodePart } from "./stream-parts";

const run = (input: string) => {
  const parser = createStreamPartParser();
  return [...parser.push(input), ...parser.end()].reduce(applyLine, emptyReply);
};

describe("applying stream parts to a reply", () => {
  it("accumulates text, keeps the latest live usage, then takes the exact final numbers", () => {
    const state = run(
      [
        encodePart({ type: "start", requestId: "req_1", conversationId: "c1", userMessageId: "m0", model: "m" }),
        encodePart({ type: "usage", promptTokens: 10, completionTokens: 0, costMicros: 10, contextWindow: 1000, contextFill: 0.01 }),
        encodePart({ type: "text", delta: "Hello" }),
        encodePart({ type: "text", delta: " world" }),
        encodePart({ type: "usage", promptTokens: 10, completionTokens: 3, costMicros: 22, contextWindow: 1000, contextFill: 0.013 }),
        encodePart({ type: "done", status: "completed", usage: { promptTokens: 10, completionTokens: 2, costMicros: 18 }, messageId: "m1", usageEventId: "u1" }),
      ].join(""),
    );
    expect(state.text).toBe("Hello world");
    expect(state.status).toBe("completed");
    expect(state.usage).toEqual({ promptTokens: 10, completionTokens: 2, costMicros: 18, contextWindow: 1000, contextFill: 0.013 });
    expect(state).toMatchObject({ requestId: "req_1", conversationId: "c1", userMessageId: "m0", messageId: "m1", usageEventId: "u1" });
  });

  it("shows a malformed line as text and skips unknown parts, without losing the rest", () => {
    const state = run(`${encodePart({ type: "text", delta: "a" })}<garbage>\n{"type":"future-part"}\n${encodePart({ type: "text", delta: "b" })}`);
    expect(state.text).toBe("a<garbage>b");
    expect(state.status).toBeNull();
  });

  it("keeps an error and the refusal status; a refusal does not zero the meter", () => {
    const state = run(
      encodePart({ type: "error", code: "insufficient_quota", message: "No subscription." }) +
        encodePart({ type: "done", status: "refused", usage: { promptTokens: 0, completionTokens: 0, costMicros: 0 }, messageId: null, usageEventId: null }),
    );
    expect(state.error).toEqual({ code: "insufficient_quota", message: "No subscription." });
    expect(state.status).toBe("refused");
    expect(state.usage).toBeNull();
  });

  it("ends a stream without done as aborted (Stop) or failed (lost connection)", () => {
    const partial = run(encodePart({ type: "text", delta: "half" }));
    expect(endWithoutDone(partial, true)).toMatchObject({ status: "aborted", error: null });
    expect(endWithoutDone(partial, false)).toMatchObject({ status: "failed", error: { code: "connection_lost" } });
    const finished = { ...partial, status: "completed" as const };
    expect(endWithoutDone(finished, false)).toBe(finished);
  });
});
