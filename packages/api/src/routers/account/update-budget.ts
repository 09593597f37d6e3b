import { protectedProcedure } from "../../trpc";
import { updateBudgetInput } from "./account.types";

/**
 * The budget drives spend alerts in the app; it is not the plan's hard cap (which only an admin
 * sets through the plan) and never blocks requests by itself.
 */
export const updateBudget = protectedProcedure.input(updateBudgetInput).mutation(async ({ ctx, input }) => {
  await ctx.db
    .updateTable("customers")
    .set({ monthly_budget_micros: input.monthlyBudgetMicros })
    .where("id", "=", ctx.customerId)
    .execute();
  return { monthlyBudgetMicros: input.monthlyBudgetMicros };
});
