import { PREPARED } from "@meterkit/db";
import { sql } from "kysely";
import type { Db } from "../db";
import { billedTokens, type MeasuredTokens } from "./billed-tokens";
import { costOfBilled } from "./cost";
import { takeOffLease, type LeaseShare } from "./take-off-lease";
import { loadUsagePricing, type UsagePricing } from "./usage-pricing";

export type UsageStatus = "completed" | "aborted" | "failed" | "truncated";

export interface RecordUsageInput extends MeasuredTokens {
  /** Idempotency key: a second call with the same id returns the first event. */
  requestId: string;
  customerId: string;
  userId?: string | null;
  apiKeyId?: string | null;
  conversationId?: string | null;
  model: string;
  status: UsageStatus;
  countSource: "upstream" | "local";
  upstreamPromptTokens?: number | null;
  upstreamCompletionTokens?: number | null;
  countMismatch?: boolean;
  note?: string | null;
  startedAt: Date;
  occurredAt?: Date;
  /** Defaults to the customer's current plan. */
  planId?: string;
  /**
   * The bill-prompt rule and rate to cost with, when the caller already holds them (the gateway
   * passes the ones its reservation was computed with, so the cost never exceeds it). Without
   * it, the plan's current rate is read.
   */
  pricing?: UsagePricing;
  /**
   * A request admitted from a lease (gateway decision 116) has no reservation of its own: its
   * worst case is taken off the lease's reservation in the same statement instead.
   */
  lease?: LeaseShare | null;
}

export interface RecordedUsage {
  id: string;
  requestId: string;
  created: boolean;
  costMicros: number;
  rateVersion: number | null;
  billedInputTokens: number;
  billedCachedInputTokens: number;
  billedOutputTokens: number;
}

/**
 * Writes one usage event to the append-only ledger and, in the same statement (so a crash leaves
 * all or none), settles the request's reservation (or takes its share off its lease) and deletes
 * its checkpoint. This is on every reply's path, so it is one round trip: cost is computed here
 * from `pricing` (or one read of the plan's current rate when the caller has none), then a
 * single INSERT with data-modifying CTEs does the rest. The settle and delete only happen when this call inserted the event.
 */
export async function recordUsage(db: Db, input: RecordUsageInput): Promise<RecordedUsage> {
  const pricing = input.pricing ?? (await pricingOrExisting(db, input));
  if ("created" in pricing) return pricing;
  const billed = billedTokens(input, pricing.billPromptAs);
  const costMicros = costOfBilled(billed, pricing.rate);

  const insert = db
    .insertInto("usage_events")
    .values({
      request_id: input.requestId,
      customer_id: input.customerId,
      user_id: input.userId ?? null,
      api_key_id: input.apiKeyId ?? null,
      conversation_id: input.conversationId ?? null,
      model: input.model,
      kind: "usage",
      status: input.status,
      prompt_tokens_sent: input.promptTokensSent,
      prompt_tokens_effective: input.promptTokensEffective,
      cached_prompt_tokens: input.cachedPromptTokens,
      completion_tokens: input.completionTokens,
      reasoning_tokens: input.reasoningTokens,
      billed_input_tokens: billed.input,
      billed_cached_input_tokens: billed.cachedInput,
      billed_output_tokens: billed.output,
      cost_micros: costMicros,
      plan_id: pricing.rate.planId,
      rate_version: pricing.rate.version,
      count_source: input.countSource,
      upstream_prompt_tokens: input.upstreamPromptTokens ?? null,
      upstream_completion_tokens: input.upstreamCompletionTokens ?? null,
      count_mismatch: input.countMismatch ?? false,
      note: input.note ?? null,
      started_at: input.startedAt,
      occurred_at: input.occurredAt ?? new Date(),
    })
    // No row comes back when the request is in the ledger already (migration 0150's key trigger
    // skips it; a concurrent writer of the same request id wins the race): we then return its row.
    .returning("id");
  const { rows } = await sql<{ id: string }>`${sql.raw(PREPARED)}
    WITH inserted AS (${insert}),
    settled AS (
      UPDATE reservations SET status = 'settled', settled_at = now()
      WHERE request_id = ${input.requestId} AND status = 'held' AND EXISTS (SELECT 1 FROM inserted)
    ),
    lease_settled AS (${takeOffLease(input.lease, sql`EXISTS (SELECT 1 FROM inserted)`)}),
    cleared AS (
      DELETE FROM usage_checkpoints WHERE request_id = ${input.requestId} AND EXISTS (SELECT 1 FROM inserted)
    )
    SELECT id FROM inserted
  `.execute(db);
  const inserted = rows[0];
  if (!inserted) {
    // Read in a new statement: this one's snapshot predates a concurrent winner's commit.
    const winner = await findByRequestId(db, input.requestId);
    if (!winner) throw new Error(`usage event ${input.requestId} conflicted but cannot be read`);
    return winner;
  }
  return {
    id: inserted.id,
    requestId: input.requestId,
    created: true,
    costMicros,
    rateVersion: pricing.rate.version,
    billedInputTokens: billed.input,
    billedCachedInputTokens: billed.cachedInput,
    billedOutputTokens: billed.output,
  };
}

/** A repeat of a written request returns its event even if its plan or rate is gone since. */
async function pricingOrExisting(db: Db, input: RecordUsageInput): Promise<UsagePricing | RecordedUsage> {
  try {
    return await loadUsagePricing(db, input);
  } catch (error) {
    const existing = await findByRequestId(db, input.requestId);
    if (existing) return existing;
    throw error;
  }
}

async function findByRequestId(db: Db, requestId: string): Promise<RecordedUsage | undefined> {
  const row = await db
    .selectFrom("usage_events")
    .select(["id", "request_id", "cost_micros", "rate_version", "billed_input_tokens", "billed_cached_input_tokens", "billed_output_tokens"])
    .where("request_id", "=", requestId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    requestId: row.request_id,
    created: false,
    costMicros: Number(row.cost_micros),
    rateVersion: row.rate_version === null ? null : Number(row.rate_version),
    billedInputTokens: Number(row.billed_input_tokens),
    billedCachedInputTokens: Number(row.billed_cached_input_tokens),
    billedOutputTokens: Number(row.billed_output_tokens),
  };
}
