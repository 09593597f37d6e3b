import { sql } from "kysely";
import { protectedProcedure } from "../../trpc";
import { findDailyInput } from "./usage.types";

/** One row per UTC day and model over the last `days` days (days without usage are absent). */
export const findDaily = protectedProcedure.input(findDailyInput).query(async ({ ctx, input }) => {
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
      sql<string>`count(*)`.as("events"),
    ])
    .where("customer_id", "=", ctx.customerId)
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
      events: Number(r.events),
    })),
  };
});
