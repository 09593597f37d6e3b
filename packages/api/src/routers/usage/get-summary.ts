import { usageSummary } from "@meterkit/billing";
import { iso } from "../../lib/serialize";
import { protectedProcedure } from "../../trpc";
import { billingPeriod } from "./billing-period";
import { classCosts } from "./class-costs";
import { getSummaryInput, type UsageSummaryView } from "./usage.types";

/** Tokens and cost per model and token class for the billing period, straight from the ledger. */
export const getSummary = protectedProcedure.input(getSummaryInput).query(async ({ ctx, input }): Promise<UsageSummaryView> => {
  const { period, monthlyBudgetMicros } = await billingPeriod(ctx.db, ctx.customerId, input.period);
  const [summary, classes] = await Promise.all([
    usageSummary(ctx.db, ctx.customerId, period),
    classCosts(ctx.db, ctx.customerId, period),
  ]);
  return {
    periodStart: iso(period.start),
    periodEnd: iso(period.end),
    models: summary.models.map((m) => ({
      model: m.model,
      events: m.events,
      reasoningTokens: m.reasoningTokens,
      costMicros: m.costMicros,
      classes: classes.get(m.model) ?? [],
    })),
    usageMicros: summary.usageMicros,
    creditMicros: summary.creditMicros,
    totalMicros: summary.totalMicros,
    monthlyBudgetMicros,
  };
});
