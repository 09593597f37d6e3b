import { BillingError } from "../errors";
import type { Db } from "../db";

export interface PlanRate {
  planId: string;
  model: string;
  version: number;
  inputMicrosPerMtok: number;
  cachedInputMicrosPerMtok: number;
  outputMicrosPerMtok: number;
}

/** The plan's rate for `model` in force now: the newest version that has not been superseded. */
export async function currentRate(db: Db, planId: string, model: string): Promise<PlanRate> {
  const row = await db
    .selectFrom("plan_rates")
    .selectAll()
    .where("plan_id", "=", planId)
    .where("model", "=", model)
    .where("superseded_at", "is", null)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new BillingError("rate_not_found", `plan ${planId} has no rate for model ${model}`);
  return {
    planId,
    model,
    version: Number(row.version),
    inputMicrosPerMtok: Number(row.input_micros_per_mtok),
    cachedInputMicrosPerMtok: Number(row.cached_input_micros_per_mtok),
    outputMicrosPerMtok: Number(row.output_micros_per_mtok),
  };
}
