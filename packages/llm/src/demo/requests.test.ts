import OpenAI, { AuthenticationError, BadRequestError, NotFoundError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoModel, type DemoModel } from "./server";

let demo: DemoModel;
let openai: OpenAI;

beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0, contextWindow: 200 });
  openai = new OpenAI({ baseURL: demo.url, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(() => demo.stop());

const post = (body: string) =>
  fetch(`${demo.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test" },
    body,
  });

/** Sends a raw (possibly invalid) body through the SDK and returns the error it throws. */
async function rejection(body: Record<string, unknown>) {
  const error = await openai.chat.completions.create(body as never).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestError);
  return error as BadRequestError;
}

describe("demo model rejects bad requests like OpenAI", () => {
  it("answers malformed JSON with a 400 and OpenAI's error object", async () => {
    const response = await post("{not json");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toEqual({ message: expect.stringContaining("not valid JSON"), type: "invalid_request_error", param: null, code: null });
    expect((await post("[1,2]")).status).toBe(400);
  });

  it("names the missing or invalid parameter", async () => {
    const missing = await rejection({ model: "meterkit-demo" });
    expect([missing.param, missing.code, missing.type]).toEqual(["messages", "missing_required_parameter", "invalid_request_error"]);
    expect((await rejection({ model: "meterkit-demo", messages: [] })).code).toBe("empty_array");
    const role = await rejection({ model: "m", messages: [{ role: "wizard", content: "x" }] });
    expect(role.param).toBe("messages[0].role");
    const zero = await rejection({ model: "m", messages: [{ role: "user", content: "x" }], max_tokens: 0 });
    expect([zero.param, zero.code]).toEqual(["max_tokens", "integer_below_min_value"]);
    const fraction = await rejection({ model: "m", messages: [{ role: "user", content: "x" }], max_completion_tokens: 1.5 });
    expect([fraction.param, fraction.code]).toEqual(["max_completion_tokens", "invalid_type"]);
    const options = await rejection({ model: "m", messages: [{ role: "user", content: "x" }], stream_options: { include_usage: true } });
    expect(options.param).toBe("stream_options");
  });

  it("refuses a prompt plus max_tokens beyond the context window with the numbers", async () => {
    const error = await rejection({ model: "m", messages: [{ role: "user", content: "word ".repeat(150) }], max_tokens: 100 });
    expect(error.code).toBe("context_length_exceeded");
    expect(error.message).toMatch(/maximum context length is 200 tokens\. However, you requested \d+ tokens \(\d+ in the messages, 100 in the completion\)/);
  });

  it("refuses max_tokens above the model's output limit", async () => {
    const error = await rejection({ model: "m", messages: [{ role: "user", content: "x" }], max_tokens: 4097 });
    expect([error.param, error.code]).toEqual(["max_tokens", "invalid_value"]);
  });

  it("reads text content parts", async () => {
    const completion = await openai.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: [{ type: "text", text: "Tell me about " }, { type: "text", text: "invoices" }] }],
    });
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.choices[0]?.message.content).toContain("invoices");
  });

  it("requires a bearer key and answers unknown routes with 404", async () => {
    const noKey = await fetch(`${demo.url}/models`);
    expect(noKey.status).toBe(401);
    const locked = await startDemoModel({ apiKey: "sk-right", tokensPerSecond: Infinity, firstTokenLatencyMs: 0 });
    try {
      const wrong = new OpenAI({ baseURL: locked.url, apiKey: "sk-wrong", maxRetries: 0 });
      const error = await wrong.models.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).code).toBe("invalid_api_key");
    } finally {
      await locked.stop();
    }
    const missing = await openai.embeddings.create({ model: "m", input: "x" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
  });
});
