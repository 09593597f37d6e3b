import type { Db } from "../../../context";
import type { RateInput } from "./plans.types";

/**
 * Makes `rates` the plan's current rates without rewriting history: a changed rate supersedes
 * the old row and inserts version + 1; a model left out is superseded with no successor; an
 * unchanged rate is left alone. Usage events keep pointing at the version they were costed with.
 */
export async function applyRates(trx: Db, planId: string, rates: RateInput[], now = new Date()): Promise<number> {
  const current = await trx
    .selectFrom("plan_rates")
    .selectAll()
    .where("plan_id", "=", planId)
    .where("superseded_at", "is", null)
    .forUpdate()
    .execute();
  const latest = await trx
    .selectFrom("plan_rates")
    .select(["model", (eb) => eb.fn.max("version").as("version")])
    .where("plan_id", "=", planId)
    .groupBy("model")
    .execute();
  const latestVersion = new Map(latest.map((r) => [r.model, Number(r.version)]));
  const wanted = new Map(rates.map((r) => [r.model, r]));
  let changes = 0;
  for (const row of current) {
    const next = wanted.get(row.model);
    const same =
      next &&
      Number(row.input_micros_per_mtok) === next.inputMicrosPerMtok &&
      Number(row.cached_input_micros_per_mtok) === next.cachedInputMicrosPerMtok &&
      Number(row.output_micros_per_mtok) === next.outputMicrosPerMtok;
    if (same) {
      wanted.delete(row.model);
      continue;
    }
    // Supersede first: at most one current row per (plan, model) is allowed.
    await trx.updateTable("plan_rates").set({ superseded_at: now }).where("id", "=", row.id).execute();
    changes++;
  }
  for (const rate of wanted.values()) {
    await trx
      .insertInto("plan_rates")
      .values({
        plan_id: planId,
        model: rate.model,
        version: (latestVersion.get(rate.model) ?? 0) + 1,
        input_micros_per_mtok: rate.inputMicrosPerMtok,
        cached_input_micros_per_mtok: rate.cachedInputMicrosPerMtok,
        output_micros_per_mtok: rate.outputMicrosPerMtok,
      })
      .execute();
    changes++;
  }
  return changes;
}
