import { syncStripeCustomer } from "@meterkit/billing";
import { loadSubscription } from "../account/load-subscription";
import { requireStripe } from "../../stripe/ensure-stripe-customer";
import { protectedProcedure } from "../../trpc";

/**
 * Copies the signed-in customer's subscription from Stripe (billing's one sync function, the
 * same the webhook uses) and returns the result. The checkout success page calls it so the new
 * plan shows at once, whether or not the webhook has arrived; it only ever touches the caller's
 * own Stripe customer.
 */
export const sync = protectedProcedure.mutation(async ({ ctx }) => {
  const stripe = requireStripe(ctx.stripe);
  const customer = await ctx.db.selectFrom("customers").select("stripe_customer_id").where("id", "=", ctx.customerId).executeTakeFirstOrThrow();
  if (customer.stripe_customer_id) await syncStripeCustomer(ctx.db, stripe, customer.stripe_customer_id);
  return loadSubscription(ctx.db, ctx.customerId);
});
