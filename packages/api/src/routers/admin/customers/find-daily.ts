import { sql } from "kysely";
import { z } from "zod";
import { idSchema } from "../../../lib/ids";
import { adminProcedure } from "../../../trpc";

export const findDailyInput = z.object({
  customerId: idSchema,
  days: z.number().int().min(1, { error: "At least 1 day." }).max(90, { error: "At most 90 days." }).default(30),
});

/**
 * One customer's ledger per UTC day and model over the last `days` days, for the admin usage
 * chart: billed tokens per class and cost (credits excluded, they carry no tokens).
 */
export const findDaily = adminProcedure.input(findDailyInput).query(async ({ ctx, input }) => {
  const now = new Date();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (input.days - 1)));
  const day = sql<string>`to_char(date_trunc('day', occurred_at at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await ctx.db
    .selectFrom("usage_events")
    .select([
      day.as("day"),
      "model",
      sql<string>`coalesce(sum(billed_input_tokens), 0)`.as("input"),
      sql<string>`coalesce(sum(billed_cached_input_tokens), 0)`.as("cached"),
      sql<string>`coalesce(sum(billed_output_tokens), 0)`.as("output"),
      sql<string>`coalesce(sum(cost_micros), 0)`.as("cost"),
    ])
    .where("customer_id", "=", input.customerId)
    .where("kind", "<>", "credit")
    .where("occurred_at", ">=", since)
    .groupBy([day, "model"])
    .orderBy("day")
    .orderBy("model")
    .execute();
  return {
    since: since.toISOString(),
    days: rows.map((r) => ({
      day: r.day,
      model: r.model,
      inputTokens: Number(r.input),
      cachedInputTokens: Number(r.cached),
      outputTokens: Number(r.output),
      costMicros: Number(r.cost),
    })),
  };
});
