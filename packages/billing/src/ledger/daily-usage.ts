import { sql } from "kysely";
import type { Db } from "../db";

export type DailyUsageRow = {
  day: string;
  model: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costMicros: number;
  events: number;
};

/**
 * One customer's ledger per UTC day and model over the last `days` days (days without usage
 * are absent): billed tokens per class, cost and event count. Money-only credits are left out,
 * as in `usageSummary`: they carry no tokens and are not usage.
 */
export async function dailyUsage(db: Db, customerId: string, days: number, now = new Date()): Promise<{ since: string; days: DailyUsageRow[] }> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const day = sql<string>`to_char(date_trunc('day', occurred_at at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await db
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
    .where("customer_id", "=", customerId)
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
      events: Number(r.events),
    })),
  };
}
