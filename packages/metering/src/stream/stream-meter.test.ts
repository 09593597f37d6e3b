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
});
