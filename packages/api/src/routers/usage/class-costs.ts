import { sql } from "kysely";
import type { Db } from "../../context";
import type { ClassUsage } from "./usage.types";
import type { Period } from "./billing-period";

/**
 * Billed tokens per model and token class in the period, priced with the rate version each
 * event was costed with. Class costs are rounded once per class here; they are a breakdown for
 * display, while the exact charge per model is the ledger's own sum of event costs.
 */
export async function classCosts(db: Db, customerId: string, period: Period): Promise<Map<string, ClassUsage[]>> {
  const rows = await db
    .selectFrom("usage_events as e")
    .leftJoin("plan_rates as r", (join) =>
      join.onRef("r.plan_id", "=", "e.plan_id").onRef("r.model", "=", "e.model").onRef("r.version", "=", "e.rate_version"),
    )
    .select([
      "e.model",
      sql<string>`coalesce(sum(e.billed_input_tokens), 0)`.as("input"),
      sql<string>`coalesce(sum(e.billed_cached_input_tokens), 0)`.as("cached"),
      sql<string>`coalesce(sum(e.billed_output_tokens), 0)`.as("output"),
      sql<string>`coalesce(sum(e.billed_input_tokens::numeric * r.input_micros_per_mtok), 0)`.as("input_cost"),
      sql<string>`coalesce(sum(e.billed_cached_input_tokens::numeric * r.cached_input_micros_per_mtok), 0)`.as("cached_cost"),
      sql<string>`coalesce(sum(e.billed_output_tokens::numeric * r.output_micros_per_mtok), 0)`.as("output_cost"),
    ])
    .where("e.customer_id", "=", customerId)
    .where("e.kind", "!=", "credit")
    .where("e.occurred_at", ">=", period.start)
    .where("e.occurred_at", "<", period.end)
    .groupBy("e.model")
    .execute();
  const perMillion = (numericSum: string) => Math.round(Number(numericSum) / 1_000_000);
  return new Map(
    rows.map((r) => [
      r.model,
      [
        { tokenClass: "input", tokens: Number(r.input), costMicros: perMillion(r.input_cost) },
        { tokenClass: "cached_input", tokens: Number(r.cached), costMicros: perMillion(r.cached_cost) },
        { tokenClass: "output", tokens: Number(r.output), costMicros: perMillion(r.output_cost) },
      ],
    ]),
  );
}
