import { AppError } from "../../errors";
import { iso } from "../../lib/serialize";
import { protectedProcedure } from "../../trpc";

/** The signed-in user and their customer account. */
export const get = protectedProcedure.query(async ({ ctx }) => {
  const customer = await ctx.db
    .selectFrom("customers")
    .select(["id", "name", "email", "monthly_budget_micros", "suspended_at", "created_at"])
    .where("id", "=", ctx.customerId)
    .executeTakeFirst();
  if (!customer) throw new AppError("NOT_FOUND", "Customer not found.");
  return {
    user: { id: ctx.user.id, email: ctx.user.email },
    customer: {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      monthlyBudgetMicros: customer.monthly_budget_micros === null ? null : Number(customer.monthly_budget_micros),
      suspended: customer.suspended_at !== null,
      createdAt: iso(customer.created_at),
    },
  };
});
