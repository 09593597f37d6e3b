import OpenAI, { APIConnectionError, APIError, InternalServerError, RateLimitError } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDemoModel, type DemoModel } from "./server";

let demo: DemoModel;
let openai: OpenAI;

beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0 });
  openai = new OpenAI({ baseURL: demo.url, apiKey: "sk-test", maxRetries: 0 });
});
afterEach(() => demo.setFaults({}));
afterAll(() => demo.stop());

const messages = [{ role: "user" as const, content: "Summarize my usage policy" }];
const complete = () => openai.chat.completions.create({ model: "meterkit-demo", messages });

async function consumeStream() {
  const received: OpenAI.Chat.ChatCompletionChunk[] = [];
  const stream = await openai.chat.completions.create({ model: "meterkit-demo", messages, stream: true });
  try {
    for await (const chunk of stream) received.push(chunk);
    return { received, error: undefined };
  } catch (error) {
    return { received, error };
  }
}

describe("demo model faults", () => {
  it("fails with 500 before streaming: the SDK throws InternalServerError", async () => {
    demo.setFaults({ httpError: { status: 500 } });
    const error = await complete().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).status).toBe(500);
    expect((error as APIError).type).toBe("server_error");
  });

  it("rate limits with 429 and OpenAI's error object: the SDK throws RateLimitError", async () => {
    demo.setFaults({ httpError: { status: 429 } });
    const error = await openai.chat.completions.create({ model: "m", messages, stream: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe("rate_limit_exceeded");
  });

  it("fails only the next N requests when `times` is set, so SDK retries recover", async () => {
    demo.setFaults({ httpError: { status: 503, times: 1, retryAfterMs: 1 } });
    const retrying = new OpenAI({ baseURL: demo.url, apiKey: "sk-test", maxRetries: 1 });
    const completion = await retrying.chat.completions.create({ model: "m", messages });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(await complete()).toBeTruthy();
  });

  it("cuts the stream after N chunks: the SDK surfaces the closed socket", async () => {
    demo.setFaults({ cutStreamAfterChunks: 2 });
    const { received, error } = await consumeStream();
    // The role chunk, then exactly two content chunks, then nothing.
    expect(received).toHaveLength(3);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe("UND_ERR_SOCKET");
    expect(demo.generations().at(-1)?.outcome).toBe("cut");
  });

  it("sends an error event mid-stream: the SDK throws APIError without a status", async () => {
    demo.setFaults({ errorEventAfterChunks: 3 });
    const { received, error } = await consumeStream();
    expect(received).toHaveLength(4);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBeUndefined();
    expect((error as APIError).type).toBe("server_error");
  });

  it("drops the connection without answering: the SDK throws APIConnectionError", async () => {
    demo.setFaults({ dropConnection: true });
    expect(await complete().catch((e: unknown) => e)).toBeInstanceOf(APIConnectionError);
  });

  it("reports wrong usage when told to, leaving the text unchanged", async () => {
    const honest = await complete();
    demo.setFaults({ usageOffset: { promptTokens: 5, completionTokens: -3 } });
    const skewed = await complete();
    expect(skewed.choices[0]?.message.content).toBe(honest.choices[0]?.message.content);
    expect(skewed.usage?.prompt_tokens).toBe((honest.usage?.prompt_tokens ?? 0) + 5);
    expect(skewed.usage?.completion_tokens).toBe((honest.usage?.completion_tokens ?? 0) - 3);
  });

  it("takes faults at runtime over HTTP and rejects malformed ones", async () => {
    const base = demo.url.replace(/\/v1$/, "");
    const set = await fetch(`${base}/_demo/faults`, { method: "POST", body: JSON.stringify({ httpError: { status: 500, times: 2 }, latencyMs: 1 }) });
    expect(await set.json()).toEqual({ httpError: { status: 500, times: 2 }, latencyMs: 1 });
    expect(await complete().catch((e: unknown) => e)).toBeInstanceOf(InternalServerError);
    expect(await (await fetch(`${base}/_demo/faults`)).json()).toEqual({ httpError: { status: 500, times: 1 }, latencyMs: 1 });
    const bad = await fetch(`${base}/_demo/faults`, { method: "POST", body: JSON.stringify({ httpError: { status: 200 } }) });
    expect(bad.status).toBe(400);
  });
});
