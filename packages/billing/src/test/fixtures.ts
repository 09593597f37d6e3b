import { createDb } from "@meterkit/db";
import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import { createStripe, type StripeClient } from "../stripe/client";
import type { RecordUsageInput } from "../ledger/record-usage";
import { ensureMeterRows } from "../plans/meters";
import { sql } from "kysely";

export const MODEL = "gpt-4o-mini";

/** A Stripe client on the emulator, built by the same factory production uses. */
export function emulatorStripe(url: string): StripeClient {
  return createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator", STRIPE_API_BASE: url, STRIPE_TIMEOUT_MS: 5_000 });
}

export interface PlanSeed {
  code?: string;
  flushPolicy?: "immediate" | "batched";
  flushIntervalSeconds?: number;
  billPromptAs?: "sent" | "effective";
  baseFeeMicros?: number;
  /** micros per 1M tokens: input, cached input, output */
  rate?: [number, number, number];
}

export async function seedPlan(db: Db, seed: PlanSeed = {}): Promise<string> {
  const [input, cached, output] = seed.rate ?? [150_000, 75_000, 600_000];
  const plan = await db
    .insertInto("plans")
    .values({
      code: seed.code ?? `plan-${randomUUID().slice(0, 8)}`,
      name: "Test plan",
      base_fee_micros: seed.baseFeeMicros ?? 10_000_000,
      tokens_per_minute: 1_000_000,
      requests_per_minute: 1_000,
      bill_prompt_as: seed.billPromptAs ?? "sent",
      flush_policy: seed.flushPolicy ?? "batched",
      flush_interval_seconds: seed.flushIntervalSeconds ?? 3600,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("plan_rates")
    .values({ plan_id: plan.id, model: MODEL, version: 1, input_micros_per_mtok: input, cached_input_micros_per_mtok: cached, output_micros_per_mtok: output })
    .execute();
  return plan.id;
}

/** Customers in our database and (when `stripe` is given) in Stripe, linked by stripe_customer_id. */
export async function seedCustomers(db: Db, planId: string, count: number, stripe?: StripeClient): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `c${i}-${randomUUID().slice(0, 6)}@example.test`;
    const stripeCustomer = stripe ? await stripe.customers.create({ email, name: `Customer ${i}` }) : null;
    const row = await db
      .insertInto("customers")
      .values({ name: `Customer ${i}`, email, plan_id: planId, stripe_customer_id: stripeCustomer?.id ?? null, subscription_status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

export function usage(customerId: string, overrides: Partial<RecordUsageInput> = {}): RecordUsageInput {
  return {
    requestId: `req_${randomUUID()}`,
    customerId,
    model: MODEL,
    status: "completed",
    countSource: "upstream",
    promptTokensSent: 120,
    promptTokensEffective: 120,
    cachedPromptTokens: 20,
    completionTokens: 80,
    reasoningTokens: 10,
    startedAt: new Date(),
    ...overrides,
  };
}

/** Per (customer id, meter id): the ledger's billed tokens of the meter's class, over all time. */
export async function ledgerTotals(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("usage_events as e")
    .innerJoin("meters as m", "m.model", "e.model")
    .select(["e.customer_id", "m.id as meter_id", "m.token_class", "e.billed_input_tokens", "e.billed_cached_input_tokens", "e.billed_output_tokens"])
    .where("e.kind", "in", ["usage", "adjustment"])
    .execute();
  const totals = new Map<string, number>();
  for (const r of rows) {
    const v = r.token_class === "input" ? r.billed_input_tokens : r.token_class === "cached_input" ? r.billed_cached_input_tokens : r.billed_output_tokens;
    const key = `${r.customer_id}|${r.meter_id}`;
    totals.set(key, (totals.get(key) ?? 0) + Number(v));
  }
  // A class nobody used has no meter events in Stripe either; compare only what exists.
  for (const [key, value] of totals) if (value === 0) totals.delete(key);
  return totals;
}

/**
 * Stand-ins for synced Stripe ids on these customers and on MODEL's meters, for tests that
 * enqueue reports but never talk to Stripe (the enqueuer skips anything not synced).
 */
export async function markSyncedToStripe(db: Db, customerIds: string[]): Promise<void> {
  await db.updateTable("customers").set({ stripe_customer_id: sql`'cus_' || id` }).where("id", "in", customerIds).execute();
  for (const meter of await ensureMeterRows(db, MODEL)) {
    await db.updateTable("meters").set({ stripe_meter_id: `mtr_${meter.token_class}` }).where("id", "=", meter.id).execute();
  }
}

/**
 * A usage event recorded (created_at) and occurred `daysAgo`, as a worker outage or a late
 * Stripe sync leaves one behind; recordUsage always records now. 10 input and 5 output tokens.
 */
export async function insertEventRecordedDaysAgo(db: Db, customerId: string, daysAgo: number): Promise<string> {
  const at = new Date(Date.now() - daysAgo * 24 * 60 * 60_000);
  const { rows } = await sql<{ id: string }>`
    INSERT INTO usage_events (request_id, customer_id, model, kind, status, prompt_tokens_sent, prompt_tokens_effective,
      completion_tokens, billed_input_tokens, billed_output_tokens, cost_micros, count_source, started_at, occurred_at, created_at)
    VALUES (${`req_${randomUUID()}`}, ${customerId}, ${MODEL}, 'usage', 'completed', 10, 10, 5, 10, 5, 4, 'local', ${at}, ${at}, ${at})
    RETURNING id`.execute(db);
  return rows[0]!.id;
}

/**
 * Runs `fn` while an open transaction on another connection holds whatever `take` took (a row
 * lock, an advisory lock), and ends that transaction afterwards.
 */
export async function whileAnotherTransactionHolds<T>(url: string, take: (trx: Db) => Promise<unknown>, fn: () => Promise<T>): Promise<T> {
  const other = createDb(url, { max: 1 });
  try {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = other.transaction().execute(async (trx) => {
      await take(trx);
      locked();
      await held;
    });
    // A `take` that fails rejects `holder` instead of leaving this waiting.
    await Promise.race([isLocked, holder]);
    try {
      return await fn();
    } finally {
      release();
      await holder;
    }
  } finally {
    await other.destroy();
  }
}
