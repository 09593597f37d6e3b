import { sql } from "kysely";
import { inTransaction, type Db } from "../db";
import { BillingError } from "../errors";
import { billedTokens, type BillPromptAs, type MeasuredTokens } from "./billed-tokens";
import { costOfBilled } from "./cost";
import { currentRate } from "./current-rate";

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
 * Writes one usage event to the append-only ledger, in one transaction with settling the
 * request's reservation and deleting its checkpoint, so a crash leaves either all or none.
 * Cost is computed at the plan's CURRENT rate version, which the event records.
 */
export async function recordUsage(db: Db, input: RecordUsageInput): Promise<RecordedUsage> {
  return inTransaction(db, async (trx) => {
    const existing = await findByRequestId(trx, input.requestId);
    if (existing) return existing;

    const customer = await trx.selectFrom("customers").select(["id", "plan_id"]).where("id", "=", input.customerId).executeTakeFirst();
    if (!customer) throw new BillingError("customer_not_found", `customer ${input.customerId} does not exist`);
    const planId = input.planId ?? customer.plan_id;
    if (!planId) throw new BillingError("no_plan", `customer ${input.customerId} has no plan`);
    const plan = await trx.selectFrom("plans").select(["id", "bill_prompt_as"]).where("id", "=", planId).executeTakeFirst();
    if (!plan) throw new BillingError("plan_not_found", `plan ${planId} does not exist`);

    const rate = await currentRate(trx, planId, input.model);
    const billed = billedTokens(input, plan.bill_prompt_as as BillPromptAs);
    const costMicros = costOfBilled(billed, rate);

    const inserted = await trx
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
        plan_id: planId,
        rate_version: rate.version,
        count_source: input.countSource,
        upstream_prompt_tokens: input.upstreamPromptTokens ?? null,
        upstream_completion_tokens: input.upstreamCompletionTokens ?? null,
        count_mismatch: input.countMismatch ?? false,
        note: input.note ?? null,
        started_at: input.startedAt,
        occurred_at: input.occurredAt ?? new Date(),
      })
      // A concurrent writer of the same request id wins the race; we then return its row.
      .onConflict((oc) => oc.column("request_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      const winner = await findByRequestId(trx, input.requestId);
      if (!winner) throw new Error(`usage event ${input.requestId} conflicted but cannot be read`);
      return winner;
    }

    await trx
      .updateTable("reservations")
      .set({ status: "settled", settled_at: sql<Date>`now()` })
      .where("request_id", "=", input.requestId)
      .where("status", "=", "held")
      .execute();
    await trx.deleteFrom("usage_checkpoints").where("request_id", "=", input.requestId).execute();

    return {
      id: inserted.id,
      requestId: input.requestId,
      created: true,
      costMicros,
      rateVersion: rate.version,
      billedInputTokens: billed.input,
      billedCachedInputTokens: billed.cachedInput,
      billedOutputTokens: billed.output,
    };
  });
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
