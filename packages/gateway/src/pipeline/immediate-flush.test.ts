import { createStripe, syncPlanToStripe, type StripeClient } from "@meterkit/billing";
import { useTestDb } from "@meterkit/db/testing";
import { createLlmClient, startDemoModel, type DemoModel } from "@meterkit/llm";
import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL, seedCustomer } from "../test/fixtures";
import { runMeteredChat } from "./run-metered-chat";
import type { ChatDeps } from "./types";

const t = useTestDb();
let demo: DemoModel;
let emulator: StripeEmulator;
let stripe: StripeClient;
let deps: ChatDeps;

beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0 });
  emulator = await startStripeEmulator({ port: 0 });
  stripe = createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator", STRIPE_API_BASE: emulator.url, STRIPE_TIMEOUT_MS: 5_000 });
  const llm = createLlmClient({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: demo.url }, { maxRetries: 0 });
  deps = { db: t.db, llm, stripe, onBackgroundError: (error) => expect.unreachable(String(error)) };
});
afterAll(async () => {
  await demo.stop();
  await emulator.stop();
});

/** A customer on a plan synced to Stripe, with the given flush policy. */
async function syncedCustomer(flushPolicy: "immediate" | "batched"): Promise<string> {
  const { customerId, planId } = await seedCustomer(t.db);
  await t.db.updateTable("plans").set({ flush_policy: flushPolicy }).where("id", "=", planId).execute();
  await syncPlanToStripe(t.db, stripe, planId);
  const remote = await stripe.customers.create({ email: `flush-${customerId.slice(0, 8)}@example.test` });
  await t.db.updateTable("customers").set({ stripe_customer_id: remote.id }).where("id", "=", customerId).execute();
  return customerId;
}

const reportsOf = (customerId: string) =>
  t.db.selectFrom("meter_reports").select(["status", "value"]).where("customer_id", "=", customerId).execute();

it("an immediate-flush plan's usage reaches Stripe right after the reply, without the reply waiting for it", async () => {
  const customerId = await syncedCustomer("immediate");
  const result = await runMeteredChat(deps, { customerId, request: { model: MODEL, messages: [{ role: "user", content: "hi" }], max_tokens: 20 } });

  await expect.poll(async () => (await reportsOf(customerId)).filter((r) => r.status === "sent").length).toBe(2);
  const sent = (await reportsOf(customerId)).map((r) => Number(r.value)).sort((a, b) => a - b);
  expect(sent).toEqual([result.usage.completionTokens, result.usage.promptTokens].sort((a, b) => a - b));
});

it("a batched plan leaves its usage for the worker", async () => {
  const customerId = await syncedCustomer("batched");
  await runMeteredChat(deps, { customerId, request: { model: MODEL, messages: [{ role: "user", content: "hi" }], max_tokens: 20 } });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await reportsOf(customerId)).toEqual([]);
});

it("replies in quick succession, a stopped one among them, all reach Stripe without the worker", async () => {
  const customerId = await syncedCustomer("immediate");
  const ask = (maxTokens: number) => runMeteredChat(deps, { customerId, request: { model: MODEL, messages: [{ role: "user", content: "hi" }], max_tokens: maxTokens } });
  // Stopped after its first delta, as the Stop button does.
  const stop = new AbortController();
  const stopped = runMeteredChat(deps, {
    customerId,
    signal: stop.signal,
    onPart: (part) => void (part.type === "text" && stop.abort()),
    request: { model: MODEL, messages: [{ role: "user", content: "hi" }], max_tokens: 200 },
  });
  const results = await Promise.all([ask(10), ask(20), stopped, ask(30), ask(40)]);
  expect(results.map((r) => r.status === "aborted")).toEqual([false, false, true, false, false]);
  const events = await t.db.selectFrom("usage_events").select("id").where("customer_id", "=", customerId).execute();
  expect(events).toHaveLength(5);
  const delivered = async () => {
    const rows = await t.db
      .selectFrom("meter_report_items")
      .innerJoin("meter_reports", "meter_reports.id", "meter_report_items.report_id")
      .select(["meter_report_items.usage_event_id", "meter_reports.status"])
      .where("meter_reports.customer_id", "=", customerId)
      .execute();
    return events.filter((e) => !rows.some((r) => r.usage_event_id === e.id && r.status === "sent")).length;
  };
  // Every event in a report Stripe accepted, within seconds: no worker runs in this test.
  await expect.poll(delivered, { timeout: 5_000 }).toBe(0);
});

it("a reply written while the previous one's report is still on its way to Stripe is sent right after it", async () => {
  const customerId = await syncedCustomer("immediate");
  // Stripe answers meter events slowly: the first reply's send is in flight when the second
  // reply's report is due, and Stripe allows one call per customer and meter at a time.
  emulator.setFaults({ latencyMs: 400, paths: ["/v1/billing/meter_events"] });
  try {
    const ask = () => runMeteredChat(deps, { customerId, request: { model: MODEL, messages: [{ role: "user", content: "hi" }], max_tokens: 10 } });
    await ask();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await ask();
    // Both replies' reports sent without the worker: 2 replies × (input, output).
    await expect.poll(async () => (await reportsOf(customerId)).filter((r) => r.status === "sent").length, { timeout: 5_000 }).toBe(4);
  } finally {
    emulator.setFaults({});
  }
});
