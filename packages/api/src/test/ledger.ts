import { randomUUID } from "node:crypto";
import type { Database } from "@meterkit/db";
import type { Kysely } from "kysely";

type Db = Kysely<Database>;

export const testModel = "gpt-4o-mini";

/** A plan with one rate (micros per 1M tokens: input 150_000, cached 75_000, output 600_000). */
export async function seedPlan(db: Db, options: { code?: string; isPublic?: boolean } = {}) {
  const plan = await db
    .insertInto("plans")
    .values({
      code: options.code ?? `plan-${randomUUID().slice(0, 8)}`,
      name: "Test plan",
      base_fee_micros: 10_000_000,
      tokens_per_minute: 100_000,
      requests_per_minute: 100,
      is_public: options.isPublic ?? true,
    })
    .returning(["id", "code"])
    .executeTakeFirstOrThrow();
  await db
    .insertInto("plan_rates")
    .values({ plan_id: plan.id, model: testModel, version: 1, input_micros_per_mtok: 150_000, cached_input_micros_per_mtok: 75_000, output_micros_per_mtok: 600_000 })
    .execute();
  return plan;
}

/**
 * A completed usage event written straight into the ledger (billing's own tests cover how the
 * counts are derived; here only ownership and sums matter).
 */
export async function seedUsage(
  db: Db,
  customerId: string,
  planId: string,
  tokens: { input: number; cached?: number; output: number; cost: number },
  occurredAt = new Date(),
) {
  return db
    .insertInto("usage_events")
    .values({
      request_id: `req_${randomUUID()}`,
      customer_id: customerId,
      model: testModel,
      kind: "usage",
      status: "completed",
      prompt_tokens_sent: tokens.input + (tokens.cached ?? 0),
      prompt_tokens_effective: tokens.input + (tokens.cached ?? 0),
      cached_prompt_tokens: tokens.cached ?? 0,
      completion_tokens: tokens.output,
      billed_input_tokens: tokens.input,
      billed_cached_input_tokens: tokens.cached ?? 0,
      billed_output_tokens: tokens.output,
      cost_micros: tokens.cost,
      plan_id: planId,
      rate_version: 1,
      count_source: "upstream",
      started_at: occurredAt,
      occurred_at: occurredAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}
