import type { Db } from "../../context";
import type { z } from "zod";
import type { planRateOutput } from "./plans.types";

type RateOut = z.infer<typeof planRateOutput>;

/** The rates in force now (not superseded) for each of `planIds`, grouped by plan. */
export async function currentRatesByPlan(db: Db, planIds: string[]): Promise<Map<string, RateOut[]>> {
  const byPlan = new Map<string, RateOut[]>();
  if (planIds.length === 0) return byPlan;
  const rows = await db
    .selectFrom("plan_rates")
    .selectAll()
    .where("plan_id", "in", planIds)
    .where("superseded_at", "is", null)
    .orderBy("model")
    .execute();
  for (const r of rows) {
    const list = byPlan.get(r.plan_id) ?? [];
    list.push({
      model: r.model,
      version: r.version,
      inputMicrosPerMtok: Number(r.input_micros_per_mtok),
      cachedInputMicrosPerMtok: Number(r.cached_input_micros_per_mtok),
      outputMicrosPerMtok: Number(r.output_micros_per_mtok),
    });
    byPlan.set(r.plan_id, list);
  }
  return byPlan;
}
