import { useTestDb } from "@meterkit/db/testing";
import { countChatTokens, countTokens, maxCostMicros } from "@meterkit/metering";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL, RATE, seedCustomer, startGateway, usageEvents, type Gateway, type Seeded } from "../test/fixtures";

const t = useTestDb();
let gateway: Gateway;
let account: Seeded;

beforeAll(async () => {
  gateway = await startGateway(t.db);
  account = await seedCustomer(t.db);
});
afterAll(() => gateway.close());

const messages = [
  { role: "system" as const, content: "You are terse." },
  { role: "user" as const, content: "Tell me about metering tokens, naïvely — with emoji 🚀 and 漢字." },
];
const rate = { version: 1, inputMicrosPerMTok: RATE.input, cachedInputMicrosPerMTok: RATE.cached, outputMicrosPerMTok: RATE.output };

describe("POST /v1/chat/completions", () => {
  it("answers like OpenAI without streaming, with usage equal to the metering package's counts", async () => {
    const { data: reply, response, request_id: requestId } = await gateway
      .client(account.rawKey)
      .chat.completions.create({ model: MODEL, messages, max_tokens: 60 })
      .withResponse();

    const text = reply.choices[0]?.message.content ?? "";
    const prompt = countChatTokens(messages, MODEL);
    const completion = countTokens(text, MODEL);
    expect(reply.object).toBe("chat.completion");
    expect(reply.model).toBe(MODEL);
    expect(text.length).toBeGreaterThan(0);
    expect(completion).toBeLessThanOrEqual(60);
    expect(reply.usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion });
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("1000000");
    expect(response.headers.get("x-ratelimit-remaining-requests")).toMatch(/^\d+$/);
    expect(response.headers.get("x-ratelimit-reset-tokens")).toMatch(/^\d+(ms|s|m\d+s)$/);

    const generation = gateway.demo.generations().at(-1);
    expect(generation).toMatchObject({ promptTokens: prompt, sentTokens: completion });

    const [event] = (await usageEvents(t.db, account.customerId)).slice(-1);
    expect(requestId).toBe(event?.request_id);
    expect(event).toMatchObject({
      api_key_id: account.apiKeyId,
      model: MODEL,
      kind: "usage",
      status: reply.choices[0]?.finish_reason === "length" ? "truncated" : "completed",
      prompt_tokens_sent: prompt,
      prompt_tokens_effective: prompt,
      completion_tokens: completion,
      billed_input_tokens: prompt,
      billed_output_tokens: completion,
      count_source: "upstream",
      upstream_prompt_tokens: prompt,
      upstream_completion_tokens: completion,
      count_mismatch: false,
      cost_micros: maxCostMicros(prompt, completion, rate),
    });
    // The reservation was settled in the ledger's transaction; the checkpoint is gone.
    const checkpoints = await t.db.selectFrom("usage_checkpoints").selectAll().execute();
    expect(checkpoints).toEqual([]);
  });

  it("streams OpenAI chunks with usage in the last one, equal to the metering package's counts", async () => {
    const stream = await gateway.client(account.rawKey).chat.completions.create({
      model: MODEL,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: { prompt_tokens: number; completion_tokens: number } | null | undefined;
    let finish: string | null = null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe("chat.completion.chunk");
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    const prompt = countChatTokens(messages, MODEL);
    const completion = countTokens(text, MODEL);
    expect(chunks).toBeGreaterThan(2);
    expect(finish).toBe("stop");
    expect(usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: completion });

    const [event] = (await usageEvents(t.db, account.customerId)).slice(-1);
    expect(event).toMatchObject({ status: "completed", prompt_tokens_sent: prompt, completion_tokens: completion, count_mismatch: false });
  });

  it("sends no usage chunk unless asked, and bills the stream all the same", async () => {
    const before = (await usageEvents(t.db, account.customerId)).length;
    const stream = await gateway.client(account.rawKey).chat.completions.create({ model: MODEL, messages, stream: true });
    let text = "";
    for await (const chunk of stream) {
      expect(chunk.usage).toBeUndefined();
      text += chunk.choices[0]?.delta.content ?? "";
    }
    const events = await usageEvents(t.db, account.customerId);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)?.completion_tokens).toBe(countTokens(text, MODEL));
  });

  it("lists the plan's models", async () => {
    const models = await gateway.client(account.rawKey).models.list();
    expect(models.data.map((m) => m.id)).toEqual([MODEL]);
    const one = await gateway.client(account.rawKey).models.retrieve(MODEL);
    expect(one.id).toBe(MODEL);
  });
});
