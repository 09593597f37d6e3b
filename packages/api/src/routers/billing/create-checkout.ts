import { pricesForNewSubscription } from "@meterkit/billing";
import type Stripe from "stripe";
import { AppError } from "../../errors";
import { ensureStripeCustomer, requireStripe } from "../../stripe/ensure-stripe-customer";
import { protectedProcedure } from "../../trpc";
import { createCheckoutInput } from "./billing.types";
import { checkoutReturnUrls } from "./return-urls";

const liveStatuses = new Set(["active", "trialing", "past_due"]);

/**
 * Starts a Stripe Checkout session in subscription mode for a public plan: the licensed base
 * price (quantity 1) plus every metered price of the plan. The Stripe customer is created first
 * so that the subscription, the meter events and our row all share one customer id. The plan is
 * synced to Stripe first if it never was (idempotent).
 */
export const createCheckout = protectedProcedure.input(createCheckoutInput).mutation(async ({ ctx, input }) => {
  const stripe = requireStripe(ctx.stripe);
  const plan = await ctx.db
    .selectFrom("plans")
    .select(["id", "code", "stripe_base_price_id"])
    .where("code", "=", input.planCode)
    .where("is_public", "=", true)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!plan) {
    throw new AppError("NOT_FOUND", `There is no plan "${input.planCode}".`, { fieldErrors: { planCode: ["Unknown plan."] } });
  }
  const customer = await ctx.db
    .selectFrom("customers")
    .select(["subscription_status", "suspended_at"])
    .where("id", "=", ctx.customerId)
    .executeTakeFirstOrThrow();
  if (customer.suspended_at) throw new AppError("ACCOUNT_SUSPENDED", "This account is suspended; contact support.");
  if (liveStatuses.has(customer.subscription_status)) {
    throw new AppError("CONFLICT", "You already have a subscription. Ask support to change your plan.");
  }
  const stripeCustomerId = await ensureStripeCustomer(ctx.db, stripe, ctx.customerId);
  await refuseSecondSubscription(stripe, stripeCustomerId);
  const prices = await pricesForNewSubscription(ctx.db, stripe, plan.id).catch((error: unknown) => {
    throw new AppError("BILLING_UNAVAILABLE", "The plan could not be set up in Stripe; try again later.", { cause: error });
  });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: stripeCustomerId,
    client_reference_id: ctx.customerId,
    line_items: [{ price: prices.basePriceId, quantity: 1 }, ...prices.meteredPriceIds.map((price) => ({ price }))],
    subscription_data: { metadata: { meterkit_customer_id: ctx.customerId, meterkit_plan_id: plan.id } },
    metadata: { meterkit_customer_id: ctx.customerId, meterkit_plan_id: plan.id },
    success_url: checkoutReturnUrls(ctx.appUrl).success,
    cancel_url: checkoutReturnUrls(ctx.appUrl).cancel,
  });
  if (!session.url) throw new AppError("UPSTREAM_FAILED", "Stripe did not return a checkout page.");
  return { url: session.url, sessionId: session.id };
});

/**
 * Our row learns of a subscription only once Stripe's webhook or the return page syncs it, so
 * it cannot stop a second checkout on its own: a double click, the back button or a second tab
 * would each open a session, and paying both made two live subscriptions on the same meters,
 * each invoicing the same tokens. Stripe is asked instead, and any checkout still open for the
 * customer is expired, so only the newest one can be paid.
 */
async function refuseSecondSubscription(stripe: Stripe, stripeCustomerId: string): Promise<void> {
  const live = await stripe.subscriptions.list({ customer: stripeCustomerId, status: "all", limit: 100 });
  const current = live.data.find((s) => s.status !== "canceled" && s.status !== "incomplete_expired");
  if (current) throw new AppError("CONFLICT", `You already have a subscription (${current.status}). Ask support to change your plan.`);
  for await (const open of stripe.checkout.sessions.list({ customer: stripeCustomerId, status: "open", limit: 100 })) {
    await stripe.checkout.sessions.expire(open.id);
  }
}
