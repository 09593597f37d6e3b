// Stripe calls per 1,000 chat requests for three reporters, side by side against one emulator,
// plus the worker's sustained rate of ledger events into delivered reports.
import { randomUUID } from "node:crypto";
import { createStripe, enqueueMeterReports, flushCustomerNow, flushMeterReports, recordUsage, runReporterCycle, syncPlanToStripe, type StripeClient } from "@meterkit/billing";
import { createDb, migrateToLatest, type Db } from "@meterkit/db";
import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
import pg from "pg";

const MODEL = "gpt-4o-mini";
const REQUESTS = 1_000;
const CUSTOMERS = 50;
/** Tokens per streamed chunk for the naive reporter (providers send 1–20 tokens per SSE chunk). */
const TOKENS_PER_CHUNK = 16;

export interface StripeCallsResult {
  callsPer1000: { batched: number; immediate: number; naivePerChunk: number };
  workerEventsPerSecond: number;
  workerEvents: number;
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
  const name = `meterkit_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 8 });
  const emulator = await startStripeEmulator({ port: 0 });
  const stripe = createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator", STRIPE_API_BASE: emulator.url, STRIPE_TIMEOUT_MS: 10_000 });
  try {
    await migrateToLatest(db);

    const batchedCustomers = await scenario(db, stripe, "batched");
    const batched = await countMeterCalls(emulator, async () => {
      await pool(chats(batchedCustomers), 8, (chat) => record(db, chat));
      await runReporterCycle(db, stripe, { respectFlushPolicy: true });
    });

    const immediateCustomers = await scenario(db, stripe, "immediate");
    const immediate = await countMeterCalls(emulator, async () => {
      await pool(chats(immediateCustomers), 8, async (chat) => {
        await record(db, chat);
        await flushCustomerNow(db, stripe, chat.customerId);
      });
    });

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

    // Sustained worker rate: a backlog of ledger events turned into delivered reports.
    const sustainedCustomers = await scenario(db, stripe, "batched");
    const backlog = 20_000;
    const spread = Array.from({ length: backlog }, (_, i) => ({ customerId: sustainedCustomers[i % CUSTOMERS]!, prompt: 100 + (i % 900), completion: 20 + (i % 400) }));
    await pool(spread, 8, (chat) => record(db, chat));
    const started = performance.now();
    let open = true;
    while (open) {
      await enqueueMeterReports(db, { limit: 50_000 });
      const pass = await flushMeterReports(db, stripe, { limit: 1_000, useV2Stream: "auto", v2Threshold: 1_000 });
      open = pass.claimed > 0;
    }
    const seconds = (performance.now() - started) / 1000;
    const workerEventsPerSecond = Math.round(backlog / seconds);

    const result = { callsPer1000: { batched, immediate, naivePerChunk: naive }, workerEventsPerSecond, workerEvents: backlog };
    log("Stripe meter-event calls per 1,000 chat requests (50 customers, one emulator, same run):");
    log(`  batched (worker, per plan interval)  ${batched}`);
    log(`  immediate (after each request)       ${immediate}   (${(immediate / batched).toFixed(1)}x batched)`);
    log(`  naive one call per ${TOKENS_PER_CHUNK}-token chunk    ${naive}   (${(naive / batched).toFixed(1)}x batched, ${(naive / immediate).toFixed(1)}x immediate)`);
    log(`worker: ${backlog} ledger events enqueued and delivered in ${seconds.toFixed(2)} s = ${workerEventsPerSecond} events/s`);
    return result;
  } finally {
    await emulator.stop();
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
