import { inTransaction, type Db } from "../db";
import { BillingError } from "../errors";
import type { BilledTokens } from "./billed-tokens";
import { costOfBilled } from "./cost";
import { currentRate } from "./current-rate";
import { queueCreditTransfer, MICROS_PER_CENT } from "../credits/queue-transfer";

export interface RecordAdjustmentInput {
  /** Idempotency key, e.g. `adj_<reconciliation line id>` or an admin form's nonce. */
  requestId: string;
  customerId: string;
  kind: "adjustment" | "credit";
  /** Required for `adjustment`: the tokens are billed on this model's meters. */
  model?: string;
  /** Signed token corrections per class (`adjustment` only); negative takes tokens back. */
  tokens?: Partial<BilledTokens>;
  /** Signed money for `credit` (negative = owed to the customer). Ignored for `adjustment`, which is costed at the current rate. */
  costMicros?: number;
  note: string;
  occurredAt?: Date;
}

/**
 * Corrections are new ledger events, never edits. An `adjustment` moves tokens (and so reaches
 * Stripe through the outbox like usage); a `credit` moves money only and carries no tokens.
 */
export async function recordAdjustment(db: Db, input: RecordAdjustmentInput): Promise<{ id: string; created: boolean; costMicros: number }> {
  return inTransaction(db, async (trx) => {
    const existing = await trx.selectFrom("usage_events").select(["id", "cost_micros"]).where("request_id", "=", input.requestId).executeTakeFirst();
    if (existing) return { id: existing.id, created: false, costMicros: Number(existing.cost_micros) };

    const customer = await trx.selectFrom("customers").select(["plan_id"]).where("id", "=", input.customerId).executeTakeFirst();
    if (!customer) throw new BillingError("customer_not_found", `customer ${input.customerId} does not exist`);
    const tokens: BilledTokens = { input: input.tokens?.input ?? 0, cachedInput: input.tokens?.cachedInput ?? 0, output: input.tokens?.output ?? 0 };

    let costMicros = input.costMicros ?? 0;
    let rateVersion: number | null = null;
    if (input.kind === "adjustment") {
      if (!input.model) throw new BillingError("invalid_input", "an adjustment needs the model whose meters it corrects");
      if (!customer.plan_id) throw new BillingError("no_plan", `customer ${input.customerId} has no plan`);
      const rate = await currentRate(trx, customer.plan_id, input.model);
      costMicros = costOfBilled(tokens, rate);
      rateVersion = rate.version;
    } else if (tokens.input || tokens.cachedInput || tokens.output) {
      throw new BillingError("invalid_input", "a credit carries money only; use an adjustment to move tokens");
    } else if (costMicros === 0 || costMicros % MICROS_PER_CENT !== 0) {
      // It reaches Stripe as a customer balance transaction, which is in cents: a fraction of a
      // cent would leave the ledger and the invoice apart.
      throw new BillingError("invalid_input", "a credit is a non-zero whole number of cents (a multiple of 10000 micro-units)");
    }

    const now = new Date();
    const row = await trx
      .insertInto("usage_events")
      .values({
        request_id: input.requestId,
        customer_id: input.customerId,
        model: input.model ?? "",
        kind: input.kind,
        status: "adjustment",
        prompt_tokens_sent: 0,
        prompt_tokens_effective: 0,
        cached_prompt_tokens: 0,
        completion_tokens: 0,
        reasoning_tokens: 0,
        billed_input_tokens: tokens.input,
        billed_cached_input_tokens: tokens.cachedInput,
        billed_output_tokens: tokens.output,
        cost_micros: costMicros,
        plan_id: customer.plan_id,
        rate_version: rateVersion,
        count_source: "local",
        count_mismatch: false,
        note: input.note,
        started_at: input.occurredAt ?? now,
        occurred_at: input.occurredAt ?? now,
      })
      .returning("id")
      .executeTakeFirst();
    if (!row) {
      // A concurrent call with the same key got there first (the ledger skipped this one); a new
      // statement (read committed) sees its row.
      const winner = await trx.selectFrom("usage_events").select(["id", "cost_micros"]).where("request_id", "=", input.requestId).executeTakeFirstOrThrow();
      return { id: winner.id, created: false, costMicros: Number(winner.cost_micros) };
    }
    if (input.kind === "credit") await queueCreditTransfer(trx, { usageEventId: row.id, customerId: input.customerId, planId: customer.plan_id, costMicros, note: input.note });
    return { id: row.id, created: true, costMicros };
  });
}
