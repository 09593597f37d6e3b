import { protectedProcedure } from "../../trpc";
import { updateBudgetInput } from "./account.types";

/**
 * The customer's own monthly spending limit. The gateway enforces it like the plan's hard cap
 * (whichever is lower wins: a request that could pass it is refused with `insufficient_quota`),
 * and the 80% alert is measured against it. The hard cap itself only an admin sets, on the plan.
 */
export const updateBudget = protectedProcedure.input(updateBudgetInput).mutation(async ({ ctx, input }) => {
  await ctx.db
    .updateTable("customers")
    .set({ monthly_budget_micros: input.monthlyBudgetMicros })
    .where("id", "=", ctx.customerId)
    .execute();
  return { monthlyBudgetMicros: input.monthlyBudgetMicros };
});
