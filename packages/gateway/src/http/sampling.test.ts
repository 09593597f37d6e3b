import { useTestDb } from "@meterkit/db/testing";
import type { ChatRequest, ChatStreamPart } from "@meterkit/llm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL, seedCustomer, settled, startGateway, type Gateway } from "../test/fixtures";

const t = useTestDb();
let gateway: Gateway;
const seen: ChatRequest[] = [];

beforeAll(async () => {
  // A provider stand-in that records what it was asked for.
  const llm = {
    async *streamChat(request: ChatRequest): AsyncGenerator<ChatStreamPart, void, undefined> {
      seen.push(request);
      yield { delta: "Fine." };
      yield { finishReason: "stop" };
    },
  };
  gateway = await startGateway(t.db, { v1: { llm: llm as never } });
});
afterAll(() => gateway.close());

it("passes the caller's sampling settings to the provider, stop sequences included", async () => {
  const { customerId, rawKey } = await seedCustomer(t.db);
  const client = gateway.client(rawKey);
  const messages = [{ role: "user" as const, content: "List three colours." }];
  await client.chat.completions.create({ model: MODEL, messages, max_tokens: 50, temperature: 0, top_p: 0.5, stop: ["\n\n", "END"], seed: 7, presence_penalty: 0.1, frequency_penalty: -0.2, user: "end-user-42" });
  await client.chat.completions.create({ model: MODEL, messages, max_tokens: 50, stream: true }).then(async (stream) => {
    for await (const chunk of stream) void chunk;
  });
  await settled(t.db, customerId);
  expect(seen[0]?.sampling).toEqual({ temperature: 0, top_p: 0.5, stop: ["\n\n", "END"], seed: 7, presence_penalty: 0.1, frequency_penalty: -0.2, user: "end-user-42" });
  // None given: nothing added to what the provider gets.
  expect(seen[1]?.sampling).toBeUndefined();
});
