import { sql } from "kysely";
import type { Db } from "../db";

export interface Period {
  start: Date;
  end: Date;
}

export interface ModelUsage {
  model: string;
  events: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costMicros: number;
}

export interface UsageSummary {
  customerId: string;
  period: Period;
  models: ModelUsage[];
  /** Usage and token adjustments. */
  usageMicros: number;
  /** Money-only credits (negative lowers the total). */
  creditMicros: number;
  totalMicros: number;
}

/**
 * The invoice as a projection of the ledger: billed tokens per model and class, and cost, for
 * events that occurred in [start, end). Summing events is the only way totals are made, so the
 * total always equals the sum of its events.
 */
export async function usageSummary(db: Db, customerId: string, period: Period): Promise<UsageSummary> {
  const rows = await db
    .selectFrom("usage_events")
    .select([
      "model",
      "kind",
      sql<string>`count(*)`.as("events"),
      sql<string>`coalesce(sum(billed_input_tokens), 0)`.as("input"),
      sql<string>`coalesce(sum(billed_cached_input_tokens), 0)`.as("cached"),
      sql<string>`coalesce(sum(billed_output_tokens), 0)`.as("output"),
      sql<string>`coalesce(sum(reasoning_tokens), 0)`.as("reasoning"),
      sql<string>`coalesce(sum(cost_micros), 0)`.as("cost"),
    ])
    .where("customer_id", "=", customerId)
    .where("occurred_at", ">=", period.start)
    .where("occurred_at", "<", period.end)
    .groupBy(["model", "kind"])
    .execute();

  const byModel = new Map<string, ModelUsage>();
  let creditMicros = 0;
  for (const row of rows) {
    if (row.kind === "credit") {
      creditMicros += Number(row.cost);
      continue;
    }
    const entry = byModel.get(row.model) ?? { model: row.model, events: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, costMicros: 0 };
    entry.events += Number(row.events);
    entry.inputTokens += Number(row.input);
    entry.cachedInputTokens += Number(row.cached);
    entry.outputTokens += Number(row.output);
    entry.reasoningTokens += Number(row.reasoning);
    entry.costMicros += Number(row.cost);
    byModel.set(row.model, entry);
  }
  const models = [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
  const usageMicros = models.reduce((sum, m) => sum + m.costMicros, 0);
  return { customerId, period, models, usageMicros, creditMicros, totalMicros: usageMicros + creditMicros };
}
