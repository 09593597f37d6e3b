import { verifyApiKey } from "@meterkit/api";
import { useTestDb } from "@meterkit/db/testing";
import { createLlmClient, startDemoModel, type DemoModel } from "@meterkit/llm";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL, seedCustomer } from "../test/fixtures";
import { createV1Handler } from "./handle-v1";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const t = useTestDb({ max: 10 });
let demo: DemoModel;

beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0, replyTokens: { min: 20, max: 30 } });
});
afterAll(() => demo.stop());

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// Regression: a composite AbortSignal with a listener that never fired stayed reachable after
// every streamed request (Node keeps such signals alive until they abort).
it("served requests leave nothing behind: heap stays flat over 2,000 billed replies", async () => {
  const llm = createLlmClient({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
  const { rawKey } = await seedCustomer(t.db, { hardCapMicros: 1e12 });
  const handle = createV1Handler({ db: t.db, llm, authenticate: (key) => verifyApiKey(t.db, key) });
  const call = (i: number) =>
    handle(
      new Request("http://gateway.test/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${rawKey}` },
        body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: `hi ${i}` }], max_tokens: 30, stream: i % 2 === 1 }),
      }),
    ).then((response) => response.text());
  const wave = async (count: number) => {
    for (let i = 0; i < count; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => call(i + j)));
  };

  // Warm-up fills what is bounded by design (the demo model keeps its last 1,000 generations).
  await wave(1_100);
  const baseline = heapAfterGc();
  await wave(2_000);
  const after = heapAfterGc();
  // The leak this guards against grew the heap by ~4 KB per streamed request (~4 MB here).
  expect(after - baseline).toBeLessThan(2 * 1024 * 1024);
}, 300_000);
