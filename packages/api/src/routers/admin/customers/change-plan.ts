import { AppError } from "../../../errors";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { customerSnapshot, lockCustomer } from "./customer-snapshot";
import { changePlanInput } from "./customers.types";
import { swapSubscriptionPrices } from "./swap-subscription-prices";

/**
 * Moves a customer to another (unarchived) plan. With a Stripe subscription, its prices are
 * swapped first, outside any transaction; only when Stripe accepted does the local plan change
 * (with its audit row), so the two never disagree because of a failed call.
 */
export const changePlan = adminProcedure.input(changePlanInput).mutation(async ({ ctx, input }) => {
  const plan = await ctx.db
    .selectFrom("plans")
    .select(["id", "code"])
    .where("code", "=", input.planCode)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!plan) throw new AppError("NOT_FOUND", `There is no active plan "${input.planCode}".`, { fieldErrors: { planCode: ["Unknown plan."] } });
  const current = await customerSnapshot(ctx.db, input.customerId);
  if (current.plan?.id === plan.id) return { customer: current, stripe: "unchanged" as const };

  let stripe: "swapped" | "no_subscription" = "no_subscription";
  if (current.stripeSubscriptionId) {
    if (!ctx.stripe) throw new AppError("BILLING_UNAVAILABLE", "The customer has a Stripe subscription but no Stripe client is configured.");
    await swapSubscriptionPrices(ctx.db, ctx.stripe, input.customerId, current.stripeSubscriptionId, plan.id);
    stripe = "swapped";
  }
  const customer = await ctx.db.transaction().execute(async (trx) => {
    await lockCustomer(trx, input.customerId);
    const before = await customerSnapshot(trx, input.customerId);
    await trx.updateTable("customers").set({ plan_id: plan.id }).where("id", "=", input.customerId).execute();
    const after = await customerSnapshot(trx, input.customerId);
    await writeAudit(trx, ctx.admin.id, { action: "customer.change_plan", targetType: "customer", targetId: input.customerId, before, after: { ...after, reason: input.reason, stripe } });
    return after;
  });
  return { customer, stripe };
});
