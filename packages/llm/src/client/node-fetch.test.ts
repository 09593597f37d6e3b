import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDemoModel, type DemoModel } from "../demo/server";
import { createLlmClient, type ChatStreamPart } from "./client";
import { LlmError } from "./errors";
import { createNodeFetch } from "./node-fetch";

// The SDK's transport (node-fetch.ts) must fail the way the global fetch does, or the client's
// error codes, retries and abort billing would change with it.

let demo: DemoModel;
beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: 200, firstTokenLatencyMs: 0, replyTokens: { min: 80, max: 80 } });
});
afterEach(() => demo.setFaults({}));
afterAll(() => demo.stop());

const messages = [{ role: "user" as const, content: "How are tokens billed?" }];

async function drain(parts: AsyncIterable<ChatStreamPart>, onPart?: (n: number) => void) {
  let deltas = 0;
  try {
    for await (const part of parts) {
      if (!part.delta) continue;
      deltas++;
      onPart?.(deltas);
    }
    return { deltas, error: undefined };
  } catch (error) {
    return { deltas, error: error as LlmError };
  }
}

describe("node fetch under the openai SDK", () => {
  it("streams the same reply as the global fetch", async () => {
    const viaNode = createLlmClient({ OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
    const viaUndici = createLlmClient({ OPENAI_BASE_URL: demo.url }, { maxRetries: 0, fetch: globalThis.fetch });
    const text = async (client: typeof viaNode) => {
      let out = "";
      for await (const part of client.streamChat({ model: "meterkit-demo", messages, maxTokens: 20 })) out += part.delta ?? "";
      return out;
    };
    const [a, b] = await Promise.all([text(viaNode), text(viaUndici)]);
    expect(a.length).toBeGreaterThan(0);
    expect(a).toBe(b);
  });

  it("an abort mid-stream ends with `aborted` and frees the model", async () => {
    const client = createLlmClient({ OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
    const controller = new AbortController();
    const result = await drain(client.streamChat({ model: "meterkit-demo", messages, signal: controller.signal }), (n) => {
      if (n === 5) controller.abort();
    });
    expect(result.error).toBeInstanceOf(LlmError);
    expect(result.error?.code).toBe("aborted");
    expect(result.deltas).toBe(5);
  });

  it("a refused connection is a retryable `connection` error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = createLlmClient({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, { maxRetries: 0 });
    const result = await drain(client.streamChat({ model: "meterkit-demo", messages }));
    expect(result.error?.code).toBe("connection");
    expect(result.error?.retryable).toBe(true);
  });

  it("a socket cut mid-stream is an error, never a whole reply", async () => {
    demo.setFaults({ cutStreamAfterChunks: 4 });
    const client = createLlmClient({ OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
    const result = await drain(client.streamChat({ model: "meterkit-demo", messages }));
    expect(result.deltas).toBe(4);
    expect(result.error).toBeInstanceOf(LlmError);
    expect(result.error?.code).not.toBe("aborted");
  });

  it("an error status keeps the provider's error object", async () => {
    demo.setFaults({ httpError: { status: 429, message: "Slow down.", code: "rate_limit_exceeded" } });
    const client = createLlmClient({ OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
    const result = await drain(client.streamChat({ model: "meterkit-demo", messages }));
    expect(result.error?.code).toBe("rate_limited");
    expect(result.error?.message).toContain("Slow down.");
  });

  it("refuses protocols and bodies it does not speak, with a TypeError", async () => {
    const nodeFetch = createNodeFetch();
    await expect(nodeFetch("ftp://example.test/")).rejects.toThrow(TypeError);
    await expect(nodeFetch(demo.url, { method: "POST", body: new Blob(["x"]) })).rejects.toThrow("string or byte bodies");
  });
});
