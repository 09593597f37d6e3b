import { sql } from "kysely";
import type { Db } from "../db";
import { BillingError } from "../errors";
import type { BillPromptAs } from "./billed-tokens";
import type { PlanRate } from "./current-rate";

/** What a usage event is costed with: which prompt count the plan bills, and the rate. */
export type UsagePricing = { billPromptAs: BillPromptAs; rate: PlanRate };

/**
 * The plan (given, or the customer's current one) and its current rate for `model`, in one
 * query. Callers that already hold both (the gateway, from admission) pass them to recordUsage
 * instead, which also bills the request at the rate its reservation was computed with.
 */
export async function loadUsagePricing(
  db: Db,
  input: {
    customerId: string;
    planId?: string | undefined;
    model: string;
    /**
     * Cost at the rate in force at this moment (when the request was admitted), even if it was
     * superseded since, or the model dropped from the plan. Without it, the current rate.
     */
    pricedAt?: Date;
  },
): Promise<UsagePricing> {
  const at = input.pricedAt ?? null;
  const { rows } = await sql<{
    customer_id: string | null;
    plan_id: string | null;
    bill_prompt_as: BillPromptAs | null;
    version: number | null;
    input_micros_per_mtok: number | null;
    cached_input_micros_per_mtok: number | null;
    output_micros_per_mtok: number | null;
  }>`
    SELECT c.id AS customer_id, p.id AS plan_id, p.bill_prompt_as, r.version, r.input_micros_per_mtok,
           r.cached_input_micros_per_mtok, r.output_micros_per_mtok
    FROM (SELECT 1) AS one
    LEFT JOIN customers c ON c.id = ${input.customerId}::uuid
    LEFT JOIN plans p ON p.id = coalesce(${input.planId ?? null}::uuid, c.plan_id)
    LEFT JOIN LATERAL (
      SELECT * FROM plan_rates
      WHERE plan_id = p.id AND model = ${input.model} AND (superseded_at IS NULL OR superseded_at > ${at}::timestamptz)
      -- The version in force at pricedAt first; the current one when none was (or none is asked).
      ORDER BY (created_at <= ${at}::timestamptz) DESC NULLS LAST, superseded_at IS NULL DESC, version DESC LIMIT 1
    ) r ON true
  `.execute(db);
  const row = rows[0];
  if (!row?.customer_id) throw new BillingError("customer_not_found", `customer ${input.customerId} does not exist`);
  if (!row.plan_id) {
    if (input.planId) throw new BillingError("plan_not_found", `plan ${input.planId} does not exist`);
    throw new BillingError("no_plan", `customer ${input.customerId} has no plan`);
  }
  if (row.version === null || !row.bill_prompt_as) {
    throw new BillingError("rate_not_found", `plan ${row.plan_id} has no rate for model ${input.model}`);
  }
  return {
    billPromptAs: row.bill_prompt_as,
    rate: {
      planId: row.plan_id,
      model: input.model,
      version: Number(row.version),
      inputMicrosPerMtok: Number(row.input_micros_per_mtok),
      cachedInputMicrosPerMtok: Number(row.cached_input_micros_per_mtok),
      outputMicrosPerMtok: Number(row.output_micros_per_mtok),
    },
  };
}
