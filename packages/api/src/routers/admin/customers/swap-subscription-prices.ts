import { flushCustomerNow, pricesForNewSubscription } from "@meterkit/billing";
import type Stripe from "stripe";
import type { Db } from "../../../context";
import { AppError } from "../../../errors";

/**
 * Replaces every item of a Stripe subscription with the target plan's base price and metered
 * prices. The base fee is prorated. Usage waiting for its batch is sent first, while the old
 * items are attached: in Stripe's flexible billing mode a removed metered item is invoiced for
 * the usage reported until then, at its own price (decision 100).
 */
export async function swapSubscriptionPrices(db: Db, stripe: Stripe, customerId: string, subscriptionId: string, planId: string): Promise<void> {
  const prices = await pricesForNewSubscription(db, stripe, planId).catch((error: unknown) => {
    throw new AppError("BILLING_UNAVAILABLE", "The plan is not fully set up in Stripe yet; sync it and try again.", { cause: error });
  });
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  await flushCustomerNow(db, stripe, customerId);
  try {
    await stripe.subscriptions.update(subscriptionId, {
      items: [
        ...subscription.items.data.map((item) => ({ id: item.id, deleted: true })),
        { price: prices.basePriceId, quantity: 1 },
        ...prices.meteredPriceIds.map((price) => ({ price })),
      ],
      proration_behavior: "create_prorations",
      metadata: { meterkit_plan_id: planId },
    });
  } catch (error) {
    throw new AppError("UPSTREAM_FAILED", `Stripe refused the plan change: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
