import { recoverStaleCheckpoints } from "@meterkit/billing";
import { useTestDb } from "@meterkit/db/testing";
import { createLlmClient, startDemoModel, type DemoModel } from "@meterkit/llm";
import { countChatTokens, countTokens } from "@meterkit/metering";
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import { MODEL, seedCustomer } from "../test/fixtures";
import { loadAccount } from "./account";
import { CHECKPOINT_BATCH_MS } from "./checkpoint-batch";
import { admitChat } from "./admit";
import { runMeteredChat, startMeteredChat } from "./run-metered-chat";
import type { ChatDeps, ChatPart } from "./types";

const t = useTestDb();
let demo: DemoModel;
let deps: ChatDeps;
const backgroundErrors: unknown[] = [];

beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0 });
  const llm = createLlmClient({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
  deps = { db: t.db, llm, onBackgroundError: (error) => backgroundErrors.push(error) };
});
afterAll(() => demo.stop());

/** A user of the chat UI: a customer's user row, for user_id on the ledger. */
async function seedUser(customerId: string): Promise<string> {
  const user = await t.db
    .insertInto("users")
    .values({ customer_id: customerId, email: `u-${customerId.slice(0, 8)}@example.test`, password_hash: "x", role: "customer" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return user.id;
}

describe("runMeteredChat (the chat UI's entry point)", () => {
  it("streams text and live usage parts, then done with the billed usage", async () => {
    const { customerId } = await seedCustomer(t.db);
    const userId = await seedUser(customerId);
    const messages = [{ role: "user" as const, content: "Explain context windows." }];
    const parts: ChatPart[] = [];
    const result = await runMeteredChat(deps, {
      customerId,
      userId,
      request: { model: MODEL, messages, max_tokens: 200 },
      onPart: (part) => void parts.push(part),
      liveUsageEvery: { tokens: 5, ms: 1_000_000 },
    });

    const prompt = countChatTokens(messages, MODEL);
    const text = parts.flatMap((p) => (p.type === "text" ? [p.delta] : [])).join("");
    expect(text).toBe(result.text);
    expect(result.usage).toMatchObject({ promptTokens: prompt, completionTokens: countTokens(text, MODEL) });

    const usages = parts.flatMap((p) => (p.type === "usage" ? [p.usage] : []));
    expect(usages[0]).toMatchObject({ promptTokens: prompt, completionTokens: 0, contextWindow: 16_384 });
    expect(usages.length).toBeGreaterThan(2);
    for (let i = 1; i < usages.length; i++) {
      expect(usages[i]!.completionTokens).toBeGreaterThan(usages[i - 1]!.completionTokens);
      expect(usages[i]!.costMicros).toBeGreaterThanOrEqual(usages[i - 1]!.costMicros);
      expect(usages[i]!.contextFill).toBeGreaterThan(usages[i - 1]!.contextFill);
    }
    expect(parts.at(-1)).toEqual({ type: "done", result });

    const event = await t.db.selectFrom("usage_events").selectAll().where("request_id", "=", result.requestId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ user_id: userId, api_key_id: null, completion_tokens: result.usage.completionTokens });
    expect(Number(event.cost_micros)).toBe(result.usage.costMicros);
  });

  it("exposes live usage at any moment through the run handle", async () => {
    const { customerId } = await seedCustomer(t.db);
    let observed = 0;
    const run = await startMeteredChat(deps, {
      customerId,
      request: { model: MODEL, messages: [{ role: "user", content: "Count to ten." }] },
      onPart: (part) => {
        if (part.type === "text") observed = run.live().completionTokens;
      },
    });
    const result = await run.result;
    expect(observed).toBeGreaterThan(0);
    expect(run.live().completionTokens).toBeGreaterThanOrEqual(observed);
    expect(result.status).toBe("completed");
  });

  it("writes checkpoints while a slow stream runs and removes them with the usage event", async () => {
    const slow = await startDemoModel({ tokensPerSecond: 200, firstTokenLatencyMs: 0, replyTokens: { min: 150, max: 200 } });
    try {
      const llm = createLlmClient({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: slow.url }, { maxRetries: 0 });
      const { customerId } = await seedCustomer(t.db);
      let seen = 0;
      const run = await startMeteredChat(
        { ...deps, llm },
        {
          customerId,
          request: { model: MODEL, messages: [{ role: "user", content: "Go on at length." }] },
          checkpoint: { everyTokens: 20, everyMs: 1_000_000 },
          onPart: async (part) => {
            if (part.type !== "text" || seen > 0 || run.live().completionTokens < 80) return;
            // Reading the table from inside the loop is the test's business, not the pipeline's.
            const rows = await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute();
            seen = rows[0]?.completion_text_tokens ?? 0;
          },
        },
      );
      await run.result;
      // A count was in the table while the stream ran (each waits up to CHECKPOINT_BATCH_MS for others).
      expect(seen).toBeGreaterThan(0);
      expect(await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
    } finally {
      await slow.stop();
    }
  });

  it("an upstream failure before any token bills nothing and releases the reservation", async () => {
    const { customerId } = await seedCustomer(t.db, { hardCapMicros: 1_000_000 });
    demo.setFaults({ httpError: { status: 500, times: 1 } });
    const result = await runMeteredChat(deps, { customerId, request: { model: MODEL, messages: [{ role: "user", content: "hi" }] } });
    expect(result.status).toBe("failed");
    expect(result.usageEventId).toBeNull();
    const reservation = await t.db.selectFrom("reservations").selectAll().where("customer_id", "=", customerId).executeTakeFirstOrThrow();
    expect(reservation.status).toBe("released");
    expect(await t.db.selectFrom("usage_events").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
    // Nor is anything left for the worker to bill later.
    expect(await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
  });

  it("a caller gone before the model was called is billed nothing, then or later", async () => {
    const { customerId } = await seedCustomer(t.db, { hardCapMicros: 1_000_000 });
    const result = await runMeteredChat(deps, {
      customerId,
      request: { model: MODEL, messages: [{ role: "user", content: "Never mind." }] },
      signal: AbortSignal.abort(),
      // A checkpointer left running would rewrite the withdrawn checkpoint after idleMs, and the
      // worker would then bill the prompt of a request that never reached the model.
      checkpoint: { everyTokens: 20, everyMs: 1_000_000, idleMs: 20 },
    });
    expect(result).toMatchObject({ status: "aborted", billed: false, usageEventId: null });
    await new Promise((resolve) => setTimeout(resolve, 20 + CHECKPOINT_BATCH_MS + 200));
    expect(await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
    expect(await t.db.selectFrom("usage_events").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
  });

  it("a run stopped while its consumer is behind ends, billed as aborted for what was handed over", async () => {
    const slow = await startDemoModel({ tokensPerSecond: 200, firstTokenLatencyMs: 0, replyTokens: { min: 150, max: 200 } });
    try {
      const llm = createLlmClient({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: slow.url }, { maxRetries: 0 });
      const { customerId } = await seedCustomer(t.db, { hardCapMicros: 1_000_000 });
      const stop = new AbortController();
      let handedOver = "";
      let parts = 0;
      const run = await startMeteredChat(
        { ...deps, llm },
        {
          customerId,
          request: { model: MODEL, messages: [{ role: "user", content: "Go on at length." }] },
          signal: stop.signal,
          // A client that stops reading: from the third part on, its writes never drain.
          onPart: (part) => {
            if (part.type !== "text") return;
            handedOver += part.delta;
            if (++parts >= 3) return new Promise<void>(() => {});
          },
        },
      );
      while (parts < 3) await new Promise((resolve) => setTimeout(resolve, 10));
      // What the time limit does (MAX_REQUEST_MS), and a caller stopping the run.
      stop.abort();
      const result = await Promise.race([run.result, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the run did not end")), 3_000))]);
      expect(result).toMatchObject({ status: "aborted", billed: true });
      expect(result.usage.completionTokens).toBe(countTokens(handedOver, MODEL));
      expect(await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
      const reservation = await t.db.selectFrom("reservations").selectAll().where("customer_id", "=", customerId).executeTakeFirstOrThrow();
      expect(reservation.status).toBe("settled");
    } finally {
      await slow.stop();
    }
  });

  it("a withdrawal that fails once is retried, so the worker never bills the prompt of a failed request", async () => {
    const { customerId } = await seedCustomer(t.db, { hardCapMicros: 1_000_000 });
    let failures = 0;
    // The database refuses the withdrawal statement once, as a dropped connection would.
    const flaky: KyselyPlugin = {
      transformQuery(args) {
        const node = args.node as { kind: string; sqlFragments?: readonly string[] };
        if (failures === 0 && node.kind === "RawNode" && node.sqlFragments?.some((f) => f.includes("DELETE FROM usage_checkpoints"))) {
          failures++;
          throw new Error("connection terminated unexpectedly");
        }
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    demo.setFaults({ httpError: { status: 500, times: 1 } });
    const result = await runMeteredChat({ ...deps, db: t.db.withPlugin(flaky) }, { customerId, request: { model: MODEL, messages: [{ role: "user", content: "hi" }] } });
    expect(failures).toBe(1);
    expect(result).toMatchObject({ status: "failed", billed: false });
    expect(await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
    expect(await t.db.selectFrom("usage_events").selectAll().where("customer_id", "=", customerId).execute()).toEqual([]);
  });

  it("a checkpoint holds the exact count of what was delivered, even where the live estimate is far off", async () => {
    const { customerId } = await seedCustomer(t.db, { hardCapMicros: 10_000_000 });
    // A long run with no settle point: the live count estimates it at several times its tokens.
    const text = `Here is a divider:\n${"-".repeat(8_000)}`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const llm = {
      ...deps.llm,
      async *streamChat() {
        for (let i = 0; i < text.length; i += 100) yield { delta: text.slice(i, i + 100) };
        await held; // the model pauses here, as if the process died before the end
        yield { finishReason: "stop" as const };
      },
    };
    const run = await startMeteredChat(
      { ...deps, llm },
      { customerId, request: { model: MODEL, messages: [{ role: "user", content: "Draw a line." }], max_tokens: 4_000 }, checkpoint: { everyTokens: 1, everyMs: 1_000_000 } },
    );
    const exact = countTokens(text, MODEL);
    let checkpointed = -1;
    for (let i = 0; i < 300 && checkpointed !== exact; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const row = await t.db.selectFrom("usage_checkpoints").select("completion_text_tokens").where("customer_id", "=", customerId).executeTakeFirst();
      checkpointed = row?.completion_text_tokens ?? -1;
    }
    expect(checkpointed).toBe(exact);
    release();
    expect((await run.result).usage.completionTokens).toBe(exact);
  });

  it("a request admitted by a process that then dies is billed for its prompt by the worker", async () => {
    const { customerId, planId } = await seedCustomer(t.db, { hardCapMicros: 1_000_000 });
    const messages = [{ role: "user" as const, content: "This process will not live to see the answer." }];
    const account = await loadAccount(t.db, customerId);
    // Admitted, then nothing: no reply, no usage event, as if the process died here.
    const admission = await admitChat(deps, { account: account!, body: { model: MODEL, messages, max_tokens: 20 } });
    const [checkpoint] = await t.db.selectFrom("usage_checkpoints").selectAll().where("customer_id", "=", customerId).execute();
    expect(checkpoint).toMatchObject({ request_id: admission.requestId, plan_id: planId, prompt_tokens: countChatTokens(messages, MODEL), completion_text_tokens: 0 });

    expect(await recoverStaleCheckpoints(t.db, { staleAfterSeconds: 0 })).toBeGreaterThanOrEqual(1);
    const [event] = await t.db.selectFrom("usage_events").selectAll().where("customer_id", "=", customerId).execute();
    expect(event).toMatchObject({ request_id: admission.requestId, status: "aborted", prompt_tokens_sent: countChatTokens(messages, MODEL), completion_tokens: 0 });
    const reservation = await t.db.selectFrom("reservations").selectAll().where("request_id", "=", admission.requestId).executeTakeFirstOrThrow();
    expect(reservation.status).toBe("settled");
  });

  it("an upstream failure mid-stream bills what was delivered, as failed", async () => {
    const { customerId } = await seedCustomer(t.db);
    demo.setFaults({ errorEventAfterChunks: 5 });
    const parts: ChatPart[] = [];
    const result = await runMeteredChat(deps, {
      customerId,
      request: { model: MODEL, messages: [{ role: "user", content: "hi" }] },
      onPart: (part) => void parts.push(part),
    });
    demo.setFaults({});
    expect(result.status).toBe("failed");
    expect(parts.some((p) => p.type === "error")).toBe(true);
    const event = await t.db.selectFrom("usage_events").selectAll().where("request_id", "=", result.requestId).executeTakeFirstOrThrow();
    expect(event.status).toBe("failed");
    expect(event.completion_tokens).toBe(countTokens(result.text, MODEL));
    expect(event.completion_tokens).toBeGreaterThan(0);
  });

  it("bills the provider's valid usage report and flags where it disagrees with our count", async () => {
    const { customerId } = await seedCustomer(t.db);
    demo.setFaults({ usageOffset: { completionTokens: 3 } });
    const result = await runMeteredChat(deps, { customerId, request: { model: MODEL, messages: [{ role: "user", content: "hi" }] } });
    demo.setFaults({});
    const event = await t.db.selectFrom("usage_events").selectAll().where("request_id", "=", result.requestId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ count_mismatch: true, count_source: "upstream", completion_tokens: countTokens(result.text, MODEL) + 3 });
    expect(event.upstream_completion_tokens).toBe(event.completion_tokens);
    expect(event.note).toContain(`completion ${countTokens(result.text, MODEL)}`);
    expect(result.usage.completionTokens).toBe(event.completion_tokens);
  });

  it("refuses before billing: typed GatewayError for an inactive subscription", async () => {
    const { customerId } = await seedCustomer(t.db, { subscriptionStatus: "past_due" });
    const call = runMeteredChat(deps, { customerId, request: { model: MODEL, messages: [{ role: "user", content: "hi" }] } });
    await expect(call).rejects.toBeInstanceOf(GatewayError);
    await expect(call).rejects.toMatchObject({ code: "subscription_inactive", status: 429 });
  });

  it("records the 80% soft alert once per period", async () => {
    // Each reply costs up to ~170 micros (40 output tokens at 4 micros): the fifth crosses 80%.
    const { customerId } = await seedCustomer(t.db, { hardCapMicros: 1_000 });
    for (let i = 0; i < 8; i++) {
      await runMeteredChat(deps, { customerId, request: { model: MODEL, messages: [{ role: "user", content: `hi ${i}` }], max_tokens: 40 } }).catch(
        (error: unknown) => {
          if (!(error instanceof GatewayError && error.code === "insufficient_quota")) throw error;
        },
      );
    }
    await expect
      .poll(async () => t.db.selectFrom("spend_alerts").select(["threshold_pct"]).where("customer_id", "=", customerId).execute())
      .toEqual([{ threshold_pct: 80 }]);
    expect(backgroundErrors).toEqual([]);
  });
});
