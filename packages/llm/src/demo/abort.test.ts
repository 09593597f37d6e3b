import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GenerationRecord } from "./chat";
import { startDemoModel, type DemoModel } from "./server";

let demo: DemoModel;

// Paced and long, so a reply is still being generated when the client walks away.
beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: 100, firstTokenLatencyMs: 0, replyTokens: { min: 600, max: 600 } });
});
afterAll(() => demo.stop());

it("stops generating when the client aborts the stream", async () => {
  const openai = new OpenAI({ baseURL: demo.url, apiKey: "sk-test", maxRetries: 0 });
  const controller = new AbortController();
  const ended = new Promise<GenerationRecord>((resolve) => {
    const off = demo.onGenerationEnd((generation) => {
      off();
      resolve(generation);
    });
  });
  const stream = await openai.chat.completions.create(
    { model: "meterkit-demo", messages: [{ role: "user", content: "Write at length about rate limits" }], stream: true },
    { signal: controller.signal },
  );
  let contentChunks = 0;
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) contentChunks++;
    if (contentChunks === 2) controller.abort();
  }

  const generation = await ended;
  expect(generation.outcome).toBe("aborted");
  expect(generation.sentTokens).toBeGreaterThan(0);
  expect(generation.sentTokens).toBeLessThan(generation.plannedTokens);
});
