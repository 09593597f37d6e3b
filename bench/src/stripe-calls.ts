// Stripe calls per 1,000 chat requests for three reporters, side by side against one emulator,
// plus the worker's sustained rate of ledger events into delivered reports. Call counts are
// counted by the emulator, not timed, so they do not depend on the machine's load.
import { randomUUID } from "node:crypto";
import { createStripe, enqueueMeterReports, flushCustomerNow, flushMeterReports, recordUsage, runReporterCycle, syncPlanToStripe, type StripeClient } from "@meterkit/billing";
import type { Db } from "@meterkit/db";
import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
import { benchAdminUrl, withScratchDatabase } from "./postgres";
import type { BenchModule, BenchRow } from "./types";

const MODEL = "gpt-4o-mini";
const REQUESTS = 1_000;
const CUSTOMERS = 50;
/** Tokens per streamed chunk for the naive reporter (providers send 1–20 tokens per SSE chunk). */
const TOKENS_PER_CHUNK = 16;
/** Meters a request of this bench reports to: input and output (no cached or reasoning tokens). */
const METERS = 2;
const BACKLOG = 20_000;
/** Stripe's live limit on v1 meter-event calls; the worker must turn ledger events into reports at least that fast. */
const MIN_WORKER_EVENTS_PER_SECOND = 1_000;

export interface StripeCallsResult {
  callsPer1000: { batched: number; immediate: number; naivePerChunk: number };
  workerEventsPerSecond: number;
  workerEvents: number;
  workerSeconds: number;
}

interface Chat {
  customerId: string;
  prompt: number;
  completion: number;
}

function chats(customers: string[]): Chat[] {
  return Array.from({ length: REQUESTS }, (_, i) => ({ customerId: customers[i % customers.length]!, prompt: 200 + ((i * 131) % 1_800), completion: 50 + ((i * 197) % 600) }));
}

async function record(db: Db, chat: Chat): Promise<void> {
  await recordUsage(db, {
    requestId: `bench_${randomUUID()}`,
    customerId: chat.customerId,
    model: MODEL,
    status: "completed",
    countSource: "local",
    promptTokensSent: chat.prompt,
    promptTokensEffective: chat.prompt,
    cachedPromptTokens: 0,
    completionTokens: chat.completion,
    reasoningTokens: 0,
    startedAt: new Date(),
  });
}

async function scenario(db: Db, stripe: StripeClient, flushPolicy: "immediate" | "batched"): Promise<string[]> {
  const plan = await db
    .insertInto("plans")
    .values({ code: `bench-${flushPolicy}-${randomUUID().slice(0, 6)}`, name: "Bench", tokens_per_minute: 1e9, requests_per_minute: 1e6, flush_policy: flushPolicy })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("plan_rates").values({ plan_id: plan.id, model: MODEL, version: 1, input_micros_per_mtok: 150_000, cached_input_micros_per_mtok: 75_000, output_micros_per_mtok: 600_000 }).execute();
  await syncPlanToStripe(db, stripe, plan.id);
  const customers: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const sc = await stripe.customers.create({ email: `bench${i}@example.test` });
    const row = await db.insertInto("customers").values({ name: `Bench ${i}`, email: `bench-${randomUUID()}@example.test`, plan_id: plan.id, stripe_customer_id: sc.id }).returning("id").executeTakeFirstOrThrow();
    customers.push(row.id);
  }
  return customers;
}

async function countMeterCalls(emulator: StripeEmulator, run: () => Promise<void>): Promise<number> {
  const calls = () => {
    const r = emulator.stats().requests;
    return (r["POST /v1/billing/meter_events"] ?? 0) + (r["POST /v2/billing/meter_event_stream"] ?? 0) + (r["POST /v2/billing/meter_event_session"] ?? 0);
  };
  const before = calls();
  await run();
  return calls() - before;
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export async function runStripeCallsBench(options: { adminUrl: string; log?: (line: string) => void }): Promise<StripeCallsResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  return withScratchDatabase(options.adminUrl, "stripe_calls", 8, async ({ db }) => {
    const emulator = await startStripeEmulator({ port: 0 });
    try {
      return await measure(db, emulator, log);
    } finally {
      await emulator.stop();
    }
  });
}

async function measure(db: Db, emulator: StripeEmulator, log: (line: string) => void): Promise<StripeCallsResult> {
  const stripe = createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator", STRIPE_API_BASE: emulator.url, STRIPE_TIMEOUT_MS: 10_000 });

  log("stripe-calls: batched reporter (the worker's cycle after 1,000 requests)");
  const batchedCustomers = await scenario(db, stripe, "batched");
  const batched = await countMeterCalls(emulator, async () => {
    await pool(chats(batchedCustomers), 8, (chat) => record(db, chat));
    await runReporterCycle(db, stripe, { respectFlushPolicy: true });
  });

  log("stripe-calls: immediate reporter (a flush after each request)");
  const immediateCustomers = await scenario(db, stripe, "immediate");
  const immediate = await countMeterCalls(emulator, async () => {
    await pool(chats(immediateCustomers), 8, async (chat) => {
      await record(db, chat);
      await flushCustomerNow(db, stripe, chat.customerId);
    });
  });

  log(`stripe-calls: naive reporter (one meter event per ${TOKENS_PER_CHUNK}-token chunk)`);
  const naiveCustomers = await scenario(db, stripe, "batched");
  const stripeIds = new Map((await db.selectFrom("customers").select(["id", "stripe_customer_id"]).execute()).map((c) => [c.id, c.stripe_customer_id!]));
  const naive = await countMeterCalls(emulator, () =>
    pool(chats(naiveCustomers), 16, async (chat) => {
      const customer = stripeIds.get(chat.customerId)!;
      const send = (event: string, value: number) =>
        stripe.billing.meterEvents.create({ event_name: event, identifier: randomUUID(), payload: { stripe_customer_id: customer, value: String(value) } });
      await send("mk_gpt_4o_mini_input", chat.prompt);
      for (let left = chat.completion; left > 0; left -= TOKENS_PER_CHUNK) await send("mk_gpt_4o_mini_output", Math.min(TOKENS_PER_CHUNK, left));
    }),
  );

  // Sustained worker rate: a backlog of ledger events turned into delivered reports (the
  // recording of the backlog is not timed).
  log(`stripe-calls: worker rate over a backlog of ${BACKLOG} ledger events`);
  const sustainedCustomers = await scenario(db, stripe, "batched");
  const spread = Array.from({ length: BACKLOG }, (_, i) => ({ customerId: sustainedCustomers[i % CUSTOMERS]!, prompt: 100 + (i % 900), completion: 20 + (i % 400) }));
  await pool(spread, 8, (chat) => record(db, chat));
  const started = performance.now();
  let open = true;
  while (open) {
    await enqueueMeterReports(db, { limit: 50_000 });
    const pass = await flushMeterReports(db, stripe, { limit: 1_000, useV2Stream: "auto", v2Threshold: 1_000 });
    open = pass.claimed > 0;
  }
  const workerSeconds = (performance.now() - started) / 1000;
  return { callsPer1000: { batched, immediate, naivePerChunk: naive }, workerEventsPerSecond: Math.round(BACKLOG / workerSeconds), workerEvents: BACKLOG, workerSeconds };
}

const check = (ok: boolean): "PASS" | "MISS" => (ok ? "PASS" : "MISS");

/** `pnpm bench stripe-calls`: calls per 1,000 requests per reporter, their ratios, the worker's rate. */
export const stripeCallsBench: BenchModule = {
  name: "stripe-calls",
  async run(log) {
    const r = await runStripeCallsBench({ adminUrl: await benchAdminUrl(), log });
    const { batched, immediate, naivePerChunk } = r.callsPer1000;
    const naiveRatio = naivePerChunk / batched;
    const immediateRatio = immediate / batched;
    const rows: BenchRow[] = [
      { metric: `calls per 1,000 requests: batched (${CUSTOMERS} customers × input/output meters)`, value: String(batched), target: `≤ ${CUSTOMERS * METERS}`, status: check(batched <= CUSTOMERS * METERS) },
      { metric: "calls per 1,000 requests: immediate (flush after each request)", value: String(immediate), target: `≤ ${REQUESTS * METERS}`, status: check(immediate <= REQUESTS * METERS) },
      { metric: `calls per 1,000 requests: naive (one per ${TOKENS_PER_CHUNK}-token chunk)`, value: String(naivePerChunk) },
      { metric: "naive ÷ batched", value: `${naiveRatio.toFixed(1)}×`, target: "≥ 100×", status: check(naiveRatio >= 100) },
      { metric: "immediate ÷ batched", value: `${immediateRatio.toFixed(1)}×` },
      { metric: "naive ÷ immediate", value: `${(naivePerChunk / immediate).toFixed(1)}×` },
      {
        metric: `worker: ledger events into delivered reports (${r.workerEvents} backlog)`,
        value: `${r.workerEventsPerSecond} events/s (${r.workerSeconds.toFixed(2)} s)`,
        target: `≥ ${MIN_WORKER_EVENTS_PER_SECOND} events/s`,
        status: check(r.workerEventsPerSecond >= MIN_WORKER_EVENTS_PER_SECOND),
      },
    ];
    return rows;
  },
};
