import { z } from "zod";
import { pageSchema } from "../../lib/ids";

export const periodSchema = z.enum(["current", "previous"], { error: "Period must be current or previous." });

export const getSummaryInput = z.object({ period: periodSchema.default("current") }).default({ period: "current" });

export const findDailyInput = z
  .object({ days: z.number().int().min(1, { error: "At least 1 day." }).max(90, { error: "At most 90 days." }).default(30) })
  .default({ days: 30 });

export const findEventsInput = pageSchema.default({ limit: 25 });

const isoDate = z.iso.datetime({ offset: true, error: "Use an ISO date-time such as 2025-01-31T00:00:00Z." });
export const exportCsvInput = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((v) => !v.from || !v.to || new Date(v.from) < new Date(v.to), { error: "`from` must be before `to`.", path: ["to"] })
  .default({});

export interface ClassUsage {
  tokenClass: "input" | "cached_input" | "output";
  tokens: number;
  /** At the rate each event was costed with, rounded per class; the model total is exact. */
  costMicros: number;
}

export interface ModelSummary {
  model: string;
  events: number;
  reasoningTokens: number;
  /** Exact: the sum of the ledger events' costs. */
  costMicros: number;
  classes: ClassUsage[];
}

export interface UsageSummaryView {
  periodStart: string;
  periodEnd: string;
  models: ModelSummary[];
  usageMicros: number;
  creditMicros: number;
  totalMicros: number;
  monthlyBudgetMicros: number | null;
}
