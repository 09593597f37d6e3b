import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDemoModel, type DemoModel } from "../demo/server";
import { countChatTokens, countTokens } from "../demo/tokens";
import { createLlmClient, type ChatStreamPart, type LlmClient } from "./client";
import { LlmError } from "./errors";

let demo: DemoModel;
let llm: LlmClient;

beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0 });
  llm = createLlmClient({ OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
});
afterEach(() => demo.setFaults({}));
afterAll(() => demo.stop());

const messages = [
  { role: "system" as const, content: "Be brief." },
  { role: "user" as const, content: "How are output tokens billed?" },
];

async function collect(parts: AsyncIterable<ChatStreamPart>) {
  const seen: ChatStreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error: error as LlmError };
  }
}

describe("streamChat", () => {
  it("yields deltas, then the finish reason, then the provider's usage", async () => {
    const { seen, error } = await collect(llm.streamChat({ model: "meterkit-demo", messages }));
    expect(error).toBeUndefined();
    const text = seen.map((p) => p.delta ?? "").join("");
    expect(seen.at(-2)).toEqual({ finishReason: "stop" });
    expect(seen.at(-1)?.usage).toMatchObject({
      prompt_tokens: countChatTokens(messages),
      completion_tokens: countTokens(text),
    });
  });

  it("sends text parts as they are", async () => {
    const parts = [{ role: "user" as const, content: [{ type: "text" as const, text: "How are output tokens billed?" }] }];
    const { seen } = await collect(llm.streamChat({ model: "meterkit-demo", messages: parts }));
    expect(seen.at(-1)?.usage?.prompt_tokens).toBe(countChatTokens([{ role: "user", content: "How are output tokens billed?" }]));
  });

  it("passes maxTokens as max_completion_tokens", async () => {
    const { seen } = await collect(llm.streamChat({ model: "meterkit-demo", messages, maxTokens: 5 }));
    expect(seen.find((p) => p.finishReason)?.finishReason).toBe("length");
    expect(seen.at(-1)?.usage?.completion_tokens).toBe(5);
  });

  it("sends the caller's sampling settings in the request body, as OpenAI names them", async () => {
    const bodies: unknown[] = [];
    const recording = createLlmClient({ OPENAI_BASE_URL: demo.url }, {
      maxRetries: 0,
      fetch: async (input, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return fetch(input, init);
      },
    });
    const sampling = { temperature: 0, stop: ["END"], seed: 3, user: "u-1" };
    await collect(recording.streamChat({ model: "meterkit-demo", messages, maxTokens: 5, sampling }));
    expect(bodies[0]).toMatchObject({ model: "meterkit-demo", max_completion_tokens: 5, stream: true, ...sampling });
  });

  it("stops on abort with an `aborted` error, and the model stops too", async () => {
    const paced = await startDemoModel({ tokensPerSecond: 100, firstTokenLatencyMs: 0, replyTokens: { min: 600, max: 600 } });
    try {
      const client = createLlmClient({ OPENAI_BASE_URL: paced.url, OPENAI_API_KEY: "sk-demo-local" }, { maxRetries: 0 });
      const controller = new AbortController();
      const ended = new Promise((resolve) => paced.onGenerationEnd(resolve));
      const seen: ChatStreamPart[] = [];
      const error = await (async () => {
        for await (const part of client.streamChat({ model: "meterkit-demo", messages, signal: controller.signal })) {
          seen.push(part);
          if (seen.length === 3) controller.abort();
        }
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).code).toBe("aborted");
      expect(await ended).toMatchObject({ outcome: "aborted" });
    } finally {
      await paced.stop();
    }
  });
});

describe("upstream failures become typed errors", () => {
  const failure = async (faults: Parameters<DemoModel["setFaults"]>[0]) => {
    demo.setFaults(faults);
    return (await collect(llm.streamChat({ model: "meterkit-demo", messages }))).error;
  };

  it.each([
    [{ httpError: { status: 500 } }, "upstream_error", 500, true],
    [{ httpError: { status: 429 } }, "rate_limited", 429, true],
    [{ httpError: { status: 429, code: "insufficient_quota" } }, "quota_exceeded", 429, false],
    [{ httpError: { status: 401, code: "invalid_api_key" } }, "authentication", 401, false],
    [{ dropConnection: true }, "connection", undefined, true],
    [{ cutStreamAfterChunks: 2 }, "connection", undefined, true],
    [{ errorEventAfterChunks: 2 }, "stream_error", undefined, false],
    [{ endStreamAfterChunks: 2 }, "incomplete_stream", undefined, false],
  ] as const)("%j → %s", async (faults, code, status, retryable) => {
    const error = await failure(faults);
    expect(error).toBeInstanceOf(LlmError);
    expect(error?.code).toBe(code);
    expect(error?.upstream.status).toBe(status);
    expect(error?.retryable).toBe(retryable);
  });

  it("keeps the provider's error code, type and parameter", async () => {
    const error = await llm.completeChat({ model: "meterkit-demo", maxTokens: 4_000, messages: [{ role: "user", content: "word ".repeat(13_000) }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "context_length_exceeded", upstream: { status: 400, code: "context_length_exceeded", param: "messages" } });
  });
});

// A stream's first attempt is sent without the SDK (stream-request.ts); every failure must still
// behave as the SDK makes it behave.
describe("retries of a stream's first attempt", () => {
  const withRetries = (maxRetries: number, timeoutMs?: number) =>
    createLlmClient({ OPENAI_BASE_URL: demo.url }, { maxRetries, ...(timeoutMs ? { timeoutMs } : {}) });

  it("retries a 500 after the server's retry-after-ms, then streams the reply", async () => {
    demo.setFaults({ httpError: { status: 500, times: 2, retryAfterMs: 40 } });
    const started = Date.now();
    const { seen, error } = await collect(withRetries(2).streamChat({ model: "meterkit-demo", messages }));
    expect(error).toBeUndefined();
    expect(seen.at(-1)?.usage?.prompt_tokens).toBe(countChatTokens(messages));
    // Two failed attempts, each followed by the 40 ms the server asked for.
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it("gives up with the last error once the retries are spent", async () => {
    demo.setFaults({ httpError: { status: 503, times: 3, retryAfterMs: 1 } });
    const { error } = await collect(withRetries(1).streamChat({ model: "meterkit-demo", messages }));
    expect(error).toMatchObject({ code: "upstream_error", upstream: { status: 503 } });
  });

  it("does not retry what the SDK would not (a bad key)", async () => {
    demo.setFaults({ httpError: { status: 401, times: 1, code: "invalid_api_key" } });
    const { error } = await collect(withRetries(2).streamChat({ model: "meterkit-demo", messages }));
    // The fault was used once and is gone: had the request been retried, it would have succeeded.
    expect(error).toMatchObject({ code: "authentication", upstream: { status: 401, code: "invalid_api_key" } });
  });

  it("times out when the response does not start in time", async () => {
    demo.setFaults({ latencyMs: 500 });
    const { error } = await collect(withRetries(0, 50).streamChat({ model: "meterkit-demo", messages }));
    expect(error).toMatchObject({ code: "timeout", retryable: true });
  });
});

describe("completeChat", () => {
  it("returns the whole reply with its usage", async () => {
    const result = await llm.completeChat({ model: "meterkit-demo", messages, maxTokens: 9 });
    expect(result).toMatchObject({ model: "meterkit-demo", finishReason: "length", usage: { completion_tokens: 9 } });
    expect(countTokens(result.text)).toBe(9);
  });
});

describe("createLlmClient", () => {
  it("defaults to the embedded demo model and says so", () => {
    const client = createLlmClient({});
    expect([client.mode, client.baseURL]).toEqual(["demo", "http://127.0.0.1:12112/v1"]);
  });

  it("is a provider as soon as a real key is set", () => {
    expect(createLlmClient({ OPENAI_API_KEY: "sk-live-123" })).toMatchObject({ mode: "provider", baseURL: "https://api.openai.com/v1" });
    const ollama = createLlmClient({ OPENAI_API_KEY: "ollama", OPENAI_BASE_URL: "http://localhost:11434/v1/" });
    expect([ollama.mode, ollama.baseURL]).toEqual(["provider", "http://localhost:11434/v1"]);
  });

  it("names a malformed base URL", () => {
    expect(() => createLlmClient({ OPENAI_BASE_URL: "not a url" })).toThrow(/OPENAI_BASE_URL/);
  });
});
