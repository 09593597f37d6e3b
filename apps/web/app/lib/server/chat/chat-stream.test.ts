import type { Db } from "@meterkit/db";
import { useTestDb } from "@meterkit/db/testing";
import { createLlmClient, DEMO_MODEL, startDemoModel, type DemoModel, type LlmClient } from "@meterkit/llm";
import { countTokens, getModel } from "@meterkit/metering";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createStreamPartParser, type StreamPart } from "~/lib/stream-parts";
import { chatStreamResponse } from "./chat-stream";
import type { ChatTurnDeps } from "./chat-turn";

const t = useTestDb();
let demo: DemoModel;
let llm: LlmClient;

beforeAll(async () => {
  // Paced like a real model, so a reply is still being written when the test disconnects.
  demo = await startDemoModel({ port: 0, tokensPerSecond: 400, firstTokenLatencyMs: 5, replyTokens: { min: 150, max: 250 } });
  llm = createLlmClient({ OPENAI_API_KEY: "sk-demo-local", OPENAI_BASE_URL: demo.url });
});
afterAll(async () => {
  await demo?.stop();
  // The gateway writes rate-limit corrections 250 ms after a reply; let the last ones land
  // before the test database goes away.
  await new Promise((resolve) => setTimeout(resolve, 400));
});
afterEach(() => demo?.setFaults({}));

/** A subscribed customer on a plan pricing the demo model, its user and a conversation. */
async function seed(db: Db, status: "active" | "none" = "active") {
  const plan = await db
    .insertInto("plans")
    .values({ code: `p-${randomUUID().slice(0, 8)}`, name: "Test", tokens_per_minute: 10_000_000, requests_per_minute: 10_000 })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("plan_rates")
    .values({ plan_id: plan.id, model: DEMO_MODEL, version: 1, input_micros_per_mtok: 1_000_000, cached_input_micros_per_mtok: 500_000, output_micros_per_mtok: 4_000_000 })
    .execute();
  const email = `chat-${randomUUID().slice(0, 8)}@example.test`;
  const customer = await db
    .insertInto("customers")
    .values({ name: "Chat Co", email, plan_id: plan.id, subscription_status: status })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ customer_id: customer.id, email, password_hash: "x", role: "customer" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const conversation = await db
    .insertInto("conversations")
    .values({ customer_id: customer.id, user_id: user.id, model: DEMO_MODEL, title: "New chat" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { customerId: customer.id, userId: user.id, conversationId: conversation.id };
}

const deps = (extra: Partial<ChatTurnDeps> = {}): ChatTurnDeps => ({ db: t.db, llm, ...extra });

/** Reads the response like the browser does; `onPart` returning "hang up" cancels it like a closed tab. */
async function readParts(response: Response, onPart?: (part: StreamPart, parts: StreamPart[]) => "hang up" | void): Promise<StreamPart[]> {
  const parser = createStreamPartParser();
  const parts: StreamPart[] = [];
  let hungUp = false;
  const take = (lines: ReturnType<typeof parser.push>) => {
    for (const line of lines) {
      expect(line.kind, JSON.stringify(line)).toBe("part");
      if (line.kind === "part" && !hungUp) {
        parts.push(line.part);
        hungUp = onPart?.(line.part, parts) === "hang up";
      }
    }
  };
  const reader = response.body!.getReader();
  while (!hungUp) {
    const { done, value } = await reader.read();
    if (done) break;
    take(parser.push(value));
  }
  if (hungUp) await reader.cancel();
  else take(parser.end());
  return parts;
}

const ledger = (db: Db, id: string) => db.selectFrom("usage_events").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const messagesOf = (db: Db, conversationId: string) =>
  db.selectFrom("messages").selectAll().where("conversation_id", "=", conversationId).orderBy("created_at").execute();

async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out");
}

describe("the chat stream", () => {
  it("streams start, text, live usage and a done part whose numbers are the ledger's, and stores both messages", async () => {
    const s = await seed(t.db);
    const response = await chatStreamResponse(deps(), { ...s, message: "How should I price tokens?", signal: new AbortController().signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const parts = await readParts(response);

    expect(parts[0]).toMatchObject({ type: "start", conversationId: s.conversationId, model: DEMO_MODEL });
    const texts = parts.filter((p) => p.type === "text");
    expect(texts.length).toBeGreaterThan(5);
    const live = parts.flatMap((p) => (p.type === "usage" ? [p.completionTokens] : []));
    expect(live.length).toBeGreaterThan(2);
    expect([...live].sort((a, b) => a - b)).toEqual(live); // the meter only goes up
    const done = parts.at(-1)!;
    if (done.type !== "done") throw new Error("last part is not done");
    expect(done.status).toBe("completed");

    const event = await ledger(t.db, done.usageEventId!);
    expect(event).toMatchObject({ status: "completed", conversation_id: s.conversationId, user_id: s.userId, customer_id: s.customerId });
    expect(done.usage).toEqual({ promptTokens: event.billed_input_tokens, completionTokens: event.completion_tokens, costMicros: event.cost_micros });
    const text = texts.map((p) => (p.type === "text" ? p.delta : "")).join("");
    expect(event.completion_tokens).toBe(countTokens(text, getModel(DEMO_MODEL)));

    const stored = await messagesOf(t.db, s.conversationId);
    expect(stored.map((m) => [m.role, m.status])).toEqual([["user", null], ["assistant", "completed"]]);
    expect(stored[1]).toMatchObject({ id: done.messageId, content: text, usage_event_id: done.usageEventId });
    const conversation = await t.db.selectFrom("conversations").select("title").where("id", "=", s.conversationId).executeTakeFirstOrThrow();
    expect(conversation.title).toBe("How should I price tokens?");
  });

  it("bills exactly what was produced when the client goes away mid-reply (status aborted)", async () => {
    const s = await seed(t.db);
    const client = new AbortController();
    const response = await chatStreamResponse(deps(), { ...s, message: "Tell me about invoices", signal: client.signal });
    // A closed tab: the server's request signal fires and the response body is cancelled.
    const parts = await readParts(response, (_, seen) => {
      if (seen.filter((p) => p.type === "text").length < 10) return;
      client.abort();
      return "hang up";
    });
    expect(parts.some((p) => p.type === "done")).toBe(false);

    const assistant = await waitFor(async () => (await messagesOf(t.db, s.conversationId)).find((m) => m.role === "assistant"));
    expect(assistant.status).toBe("aborted");
    const event = await ledger(t.db, assistant.usage_event_id!);
    expect(event.status).toBe("aborted");
    expect(event.completion_tokens).toBeGreaterThan(0);
    expect(event.completion_tokens).toBe(countTokens(assistant.content, getModel(DEMO_MODEL)));
    // What the browser saw is a prefix of what was stored and billed.
    const seen = parts.map((p) => (p.type === "text" ? p.delta : "")).join("");
    expect(assistant.content.startsWith(seen)).toBe(true);
    // The model stopped too, before its planned length. Tokens still in the socket when we hung
    // up never reached us, so the bill is at most what the model sent.
    const generation = await waitFor(async () => demo.generations().find((g) => g.outcome === "aborted"));
    expect(generation.sentTokens).toBeLessThan(generation.plannedTokens);
    expect(event.completion_tokens).toBeLessThanOrEqual(generation.sentTokens);
  });

  it("shows an upstream failure mid-stream as an error part and records the partial usage as failed", async () => {
    const s = await seed(t.db);
    demo.setFaults({ errorEventAfterChunks: 6 });
    const parts = await readParts(await chatStreamResponse(deps(), { ...s, message: "Explain metering", signal: new AbortController().signal }));
    const error = parts.find((p) => p.type === "error");
    expect(error).toBeDefined();
    const done = parts.at(-1)!;
    if (done.type !== "done") throw new Error("last part is not done");
    expect(done.status).toBe("failed");
    const event = await ledger(t.db, done.usageEventId!);
    expect(event.status).toBe("failed");
    expect(event.completion_tokens).toBeGreaterThan(0);
    const stored = await messagesOf(t.db, s.conversationId);
    expect(stored.at(-1)).toMatchObject({ role: "assistant", status: "failed", usage_event_id: done.usageEventId });
  });

  it("refuses without an active subscription: a 4xx in the same format, nothing stored or billed", async () => {
    const s = await seed(t.db, "none");
    const response = await chatStreamResponse(deps(), { ...s, message: "hello", signal: new AbortController().signal });
    expect(response.status).toBe(429);
    const parts = await readParts(response);
    expect(parts.map((p) => p.type)).toEqual(["error", "done"]);
    expect(parts[0]).toMatchObject({ code: "subscription_inactive" });
    expect(parts[1]).toMatchObject({ status: "refused", messageId: null, usageEventId: null });
    expect(await messagesOf(t.db, s.conversationId)).toEqual([]);
    expect(await t.db.selectFrom("usage_events").select("id").where("customer_id", "=", s.customerId).execute()).toEqual([]);
  });

  it("answers another customer's conversation exactly like a missing one", async () => {
    const mine = await seed(t.db);
    const theirs = await seed(t.db);
    for (const conversationId of [theirs.conversationId, randomUUID(), "not-a-uuid"]) {
      const response = await chatStreamResponse(deps(), { ...mine, conversationId, message: "hi", signal: new AbortController().signal });
      expect(response.status).toBe(404);
      expect((await readParts(response))[0]).toMatchObject({ type: "error", code: "not_found" });
    }
    expect(await messagesOf(t.db, theirs.conversationId)).toEqual([]);
  });

  it("adds a usage-chart part built from the ledger when asked for the usage chart", async () => {
    const s = await seed(t.db);
    const uiFor = async (message: string) =>
      message.includes("chart")
        ? [{ component: "usage-chart" as const, props: { title: "Usage", currency: "usd", days: [{ day: "2026-01-01", inputTokens: 1, outputTokens: 2, costMicros: 3 }] } }]
        : [];
    const parts = await readParts(await chatStreamResponse(deps({ uiFor }), { ...s, message: "show my usage chart", signal: new AbortController().signal }));
    const types = parts.map((p) => p.type);
    expect(types).toContain("ui");
    expect(types.indexOf("ui")).toBe(types.length - 2); // after the text, before done
  });

  it("stores a reply the model sent with a NUL in it (Postgres refuses NUL), and a failing UI part loses no reply", async () => {
    const s = await seed(t.db);
    const withNul: ChatTurnDeps["llm"] = {
      async *streamChat() {
        yield { delta: "Here is a NUL: " };
        yield { delta: "\u0000" };
        yield { delta: " done." };
        yield { finishReason: "stop" as const };
      },
    };
    const uiFor = async (): Promise<never> => {
      throw new Error("the chart's query failed");
    };
    const parts = await readParts(await chatStreamResponse(deps({ llm: withNul, uiFor }), { ...s, message: "show my usage chart", signal: new AbortController().signal }));
    const done = parts.at(-1)!;
    if (done.type !== "done") throw new Error(`last part is ${done.type}, not done`);
    const stored = await messagesOf(t.db, s.conversationId);
    expect(stored.map((m) => [m.role, m.status])).toEqual([["user", null], ["assistant", "completed"]]);
    expect(stored[1]).toMatchObject({ id: done.messageId, content: "Here is a NUL: \uFFFD done.", usage_event_id: done.usageEventId });
  });
});
