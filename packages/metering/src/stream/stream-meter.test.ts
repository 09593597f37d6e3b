import { describe, expect, it } from "vitest";
import { countTokens } from "../tokens/count-tokens";
import { StreamMeter } from "./stream-meter";

describe("StreamMeter (synchronous core)", () => {
  it("returns the text to forward, skips text-less chunks and keeps the usage report", () => {
    const meter = new StreamMeter({ model: "gpt-4o-mini", promptTokens: 10 });
    expect(meter.push("Hello")).toBe("Hello");
    expect(meter.push({ delta: ", world" })).toBe(", world");
    expect(meter.push({ delta: null })).toBeNull();
    expect(meter.push({ usage: { prompt_tokens: 10, completion_tokens: 3 } })).toBeNull();
    expect(meter.live().completionTokens).toBe(countTokens("Hello, world", "gpt-4o-mini"));
    const result = meter.finish("completed");
    expect(result).toMatchObject({ status: "completed", text: "Hello, world", completionTokens: 3, source: "upstream", mismatch: false });
  });

  it("decides the result once; nothing pushed after finishing is billed", () => {
    const meter = new StreamMeter({ model: "gpt-4o-mini", promptTokens: 10 });
    meter.push("Partial");
    const first = meter.finish("aborted");
    expect(meter.push(" more")).toBeNull();
    expect(meter.finish("completed")).toBe(first);
    expect(first).toMatchObject({ status: "aborted", text: "Partial", completionTokens: countTokens("Partial", "gpt-4o-mini") });
  });

  it("compares the provider's prompt count with what reached the model, not with what the customer sent", () => {
    // The context policy dropped 40 of 100 prompt tokens; the plan bills the 100 sent.
    const truncated = () => new StreamMeter({ model: "gpt-4o-mini", promptTokens: 100, promptTokensReachingModel: 60 });
    const agrees = truncated();
    agrees.push("Hi");
    agrees.push({ usage: { prompt_tokens: 60, completion_tokens: countTokens("Hi", "gpt-4o-mini") } });
    expect(agrees.finish("completed").mismatch).toBe(false);
    const differs = truncated();
    differs.push("Hi");
    differs.push({ usage: { prompt_tokens: 100, completion_tokens: countTokens("Hi", "gpt-4o-mini") } });
    expect(differs.finish("completed").mismatch).toBe(true);
  });

  it("counts the delivered text exactly on request, also a run with no settle point, which live() only estimates", () => {
    const meter = new StreamMeter({ model: "gpt-4o-mini", promptTokens: 10 });
    const text = `${"A sentence of prose, to calibrate the estimate. ".repeat(50)}${"-".repeat(12_000)}`;
    for (let i = 0; i < text.length; i += 97) meter.push(text.slice(i, i + 97));
    const exact = countTokens(text, "gpt-4o-mini");
    expect(meter.exactCompletionTokens()).toBe(exact);
  });
});
