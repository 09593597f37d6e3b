import { describe, expect, it } from "vitest";
import { getModel } from "../catalog";
import { costMicros } from "../cost";
import { chunkText, generateCorpus } from "../testing";
import { countTokens } from "../tokens/count-tokens";
import { meterStream } from "./meter-stream";
import type { StreamChunk } from "./stream-meter";

const model = getModel("meterkit-demo");

/** A source the test drives by hand: push chunks, end, or fail it; records whether it was closed. */
function controlledSource() {
  const queue: Array<IteratorResult<StreamChunk> | Error> = [];
  let waiting: ((r: IteratorResult<StreamChunk>) => void) | null = null;
  let waitingFail: ((e: Error) => void) | null = null;
  const state = { closed: false, reads: 0 };
  const deliver = (item: IteratorResult<StreamChunk> | Error) => {
    if (waiting) {
      const [ok, fail] = [waiting, waitingFail!];
      waiting = waitingFail = null;
      if (item instanceof Error) fail(item);
      else ok(item);
    } else queue.push(item);
  };
  const iterable: AsyncIterable<StreamChunk> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        state.reads++;
        const item = queue.shift();
        if (item instanceof Error) return Promise.reject(item);
        if (item) return Promise.resolve(item);
        return new Promise((resolve, reject) => ((waiting = resolve), (waitingFail = reject)));
      },
      return: () => {
        state.closed = true;
        return Promise.resolve({ done: true, value: undefined });
      },
    }),
  };
  return {
    iterable,
    state,
    push: (chunk: StreamChunk) => deliver({ done: false, value: chunk }),
    end: () => deliver({ done: true, value: undefined }),
    fail: (error: Error) => deliver(error),
  };
}

async function* fromArray(chunks: StreamChunk[]): AsyncGenerator<StreamChunk> {
  for (const chunk of chunks) yield chunk;
}

describe("meterStream", () => {
  it("forwards each delta as soon as it arrives, before the source produces the next", async () => {
    const source = controlledSource();
    const metered = meterStream(source.iterable, { model, promptTokens: 12 });
    const iterator = metered[Symbol.asyncIterator]();
    const first = iterator.next();
    source.push("Hello");
    expect(await first).toEqual({ done: false, value: "Hello" });
    expect(metered.live().completionTokens).toBe(1);
    const second = iterator.next();
    source.push({ delta: " world" });
    expect(await second).toEqual({ done: false, value: " world" });
    source.end();
    expect((await iterator.next()).done).toBe(true);
    const result = await metered.result;
    expect(result).toMatchObject({ status: "completed", text: "Hello world", completionTokens: 2, source: "local", mismatch: false });
  });

  it("reports live usage with cost so far and context fill", async () => {
    const metered = meterStream(fromArray(["One", " two", " three"]), { model: "meterkit-demo", promptTokens: 100 });
    for await (const _ of metered) {
      const live = metered.live();
      expect(live.totalTokens).toBe(100 + live.completionTokens);
      expect(live.contextWindow).toBe(model.contextWindow);
      expect(live.costMicrosSoFar).toBe(
        costMicros({ uncachedInput: 100, cachedInput: 0, output: live.completionTokens, reasoning: 0 }, model.defaultRate),
      );
    }
    expect(metered.live().completionTokens).toBe(3);
  });

  it("counts a long realistic stream exactly at the end and within 1% while it runs", async () => {
    const text = generateCorpus(60_000, 21);
    const deltas = chunkText(text, 1, 8, 5);
    const metered = meterStream(fromArray(deltas), { model, promptTokens: 40 });
    let delivered = "";
    let worst = 0;
    let i = 0;
    for await (const delta of metered) {
      delivered += delta;
      if (++i % 500 === 0) {
        const exact = countTokens(delivered, model);
        worst = Math.max(worst, Math.abs(metered.live().completionTokens - exact) / exact);
      }
    }
    const result = await metered.result;
    expect(worst).toBeLessThan(0.01);
    expect(result.text).toBe(text);
    expect(result.completionTokens).toBe(countTokens(text, model));
    expect(result.usage).toEqual({ uncachedInput: 40, cachedInput: 0, output: result.completionTokens, reasoning: 0 });
  });

  it("bills exactly the delivered text when the consumer stops mid-stream, and closes the source", async () => {
    const text = generateCorpus(5_000, 2);
    const deltas = chunkText(text, 2, 6, 3);
    const source = controlledSource();
    deltas.forEach((d) => source.push(d));
    const metered = meterStream(source.iterable, { model, promptTokens: 7 });
    let delivered = "";
    for await (const delta of metered) {
      delivered += delta;
      if (delivered.length > 1_234) break;
    }
    const result = await metered.result;
    expect(result.status).toBe("aborted");
    expect(result.text).toBe(delivered);
    expect(result.completionTokens).toBe(countTokens(delivered, model));
    expect(result.source).toBe("local");
    await Promise.resolve();
    expect(source.state.closed).toBe(true);
  });

  it("stops at once when the signal aborts while waiting for upstream", async () => {
    const source = controlledSource();
    const controller = new AbortController();
    const metered = meterStream(source.iterable, { model, promptTokens: 7, signal: controller.signal });
    const received: string[] = [];
    const consuming = (async () => {
      for await (const delta of metered) received.push(delta);
    })();
    source.push("Partial answer");
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(); // upstream is silent now; the meter must not wait for it
    await consuming;
    const result = await metered.result;
    expect(received).toEqual(["Partial answer"]);
    expect(result).toMatchObject({ status: "aborted", text: "Partial answer", completionTokens: countTokens("Partial answer", model) });
    await Promise.resolve();
    expect(source.state.closed).toBe(true);
  });

  it("bills nothing but the prompt when stopped before the first read", async () => {
    const source = controlledSource();
    const metered = meterStream(source.iterable, { model, promptTokens: 9 });
    await metered[Symbol.asyncIterator]().return?.();
    const result = await metered.result;
    expect(result).toMatchObject({ status: "aborted", text: "", completionTokens: 0, usage: { uncachedInput: 9, output: 0 } });
    expect(source.state.reads).toBe(0);
  });

  it("passes an upstream error to the consumer and still bills what was delivered", async () => {
    const source = controlledSource();
    const metered = meterStream(source.iterable, { model, promptTokens: 5 });
    source.push("Before the ");
    source.push("crash");
    source.fail(new Error("upstream reset"));
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const delta of metered) received.push(delta);
      })(),
    ).rejects.toThrow("upstream reset");
    const result = await metered.result;
    expect(received.join("")).toBe("Before the crash");
    expect(result.status).toBe("failed");
    expect((result.error as Error).message).toBe("upstream reset");
    expect(result.completionTokens).toBe(countTokens("Before the crash", model));
  });

  it("bills the upstream usage report when one arrives, and flags a disagreement", async () => {
    const text = "The answer is forty-two.";
    const exact = countTokens(text, model);
    const agree = meterStream(
      fromArray([{ delta: text }, { usage: { prompt_tokens: 20, completion_tokens: exact + 5, completion_tokens_details: { reasoning_tokens: 5 }, prompt_tokens_details: { cached_tokens: 8 } } }]),
      { model, promptTokens: 20 },
    );
    for await (const _ of agree);
    const agreed = await agree.result;
    expect(agreed).toMatchObject({ source: "upstream", mismatch: false, upstreamPromptTokens: 20, upstreamCompletionTokens: exact + 5 });
    expect(agreed.usage).toEqual({ uncachedInput: 12, cachedInput: 8, output: exact, reasoning: 5 });

    const disagree = meterStream(fromArray([text, { usage: { prompt_tokens: 20, completion_tokens: exact + 3 } }]), { model, promptTokens: 20 });
    for await (const _ of disagree);
    const disagreed = await disagree.result;
    expect(disagreed).toMatchObject({ source: "upstream", mismatch: true, completionTokens: exact, upstreamCompletionTokens: exact + 3 });
  });

  it("falls back to local counts when the upstream usage cannot be billed", async () => {
    const metered = meterStream(fromArray(["Hi", { usage: { prompt_tokens: 3, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 9 } } }]), {
      model,
      promptTokens: 3,
    });
    for await (const _ of metered);
    const result = await metered.result;
    expect(result).toMatchObject({ source: "local", mismatch: true, usage: { uncachedInput: 3, output: 1 } });
    expect(result.upstreamUsageError?.code).toBe("invalid_usage");
  });

  it("uses the plan's rate when given", async () => {
    const rate = { version: 3, inputMicrosPerMTok: 1_000_000, cachedInputMicrosPerMTok: 500_000, outputMicrosPerMTok: 2_000_000 };
    const metered = meterStream(fromArray(["word ".repeat(1_000)]), { model, promptTokens: 1_000, rate });
    for await (const _ of metered);
    const result = await metered.result;
    expect(result.rate).toBe(rate);
    expect(result.costMicros).toBe(1_000 + 2 * result.completionTokens);
  });
});
