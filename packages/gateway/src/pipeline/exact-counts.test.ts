import { useTestDb } from "@meterkit/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL, seedCustomer, startGateway, usageEvents, type Gateway } from "../test/fixtures";

const t = useTestDb();
let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(t.db);
});
afterAll(() => gateway.close());

/** A seeded generator, so a failing prompt can be reproduced. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const pieces = ["tokens", " meter", "🚀", "naïve", "漢字", "\n", "  ", "<|endoftext|>", "ünïcödé", "1234567", "?!", "Stripe", "é"];

it("over 100 random prompts the ledger equals the provider's reported usage exactly", async () => {
  const { customerId, rawKey } = await seedCustomer(t.db);
  const client = gateway.client(rawKey);
  const next = random(20_261_127);
  for (let i = 0; i < 100; i++) {
    const words = Array.from({ length: 1 + Math.floor(next() * 60) }, () => pieces[Math.floor(next() * pieces.length)]).join("");
    const messages = [
      ...(next() < 0.5 ? [{ role: "system" as const, content: "Answer briefly." }] : []),
      { role: "user" as const, content: words, ...(next() < 0.2 ? { name: "tester" } : {}) },
    ];
    const maxTokens = next() < 0.5 ? 1 + Math.floor(next() * 120) : undefined;
    if (next() < 0.5) {
      await client.chat.completions.create({ model: MODEL, messages, ...(maxTokens ? { max_tokens: maxTokens } : {}) });
    } else {
      const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true, ...(maxTokens ? { max_tokens: maxTokens } : {}) });
      for await (const chunk of stream) void chunk;
    }
  }

  const events = await usageEvents(t.db, customerId);
  const generations = gateway.demo.generations().slice(-100);
  expect(events).toHaveLength(100);
  events.forEach((event, i) => {
    const reported = generations[i];
    expect(event.prompt_tokens_sent).toBe(reported?.promptTokens);
    expect(event.completion_tokens).toBe(reported?.sentTokens);
    expect(event.upstream_prompt_tokens).toBe(reported?.promptTokens);
    expect(event.upstream_completion_tokens).toBe(reported?.plannedTokens);
    expect(event.count_mismatch).toBe(false);
    expect(event.count_source).toBe("upstream");
  });
});
