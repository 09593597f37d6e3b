import type { SubscriptionStatus } from "@meterkit/db";
import type Stripe from "stripe";
import type { Db } from "./db";
import type { StripeClient } from "./stripe/client";

export interface SyncedCustomer {
  customerId: string;
  subscriptionStatus: SubscriptionStatus;
  planId: string | null;
  stripeSubscriptionId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
}

// Stripe's statuses that ours has no word for, mapped to the closest one that blocks or allows
// the same way: an expired first payment never started, a paused subscription is not paid.
const statusMap: Record<string, SubscriptionStatus> = {
  active: "active",
  trialing: "trialing",
  past_due: "past_due",
  unpaid: "unpaid",
  canceled: "canceled",
  incomplete: "incomplete",
  incomplete_expired: "canceled",
  paused: "unpaid",
};

/** A status Stripe adds later is treated as not paid for until this map learns it. */
const statusOf = (status: string): SubscriptionStatus => statusMap[status] ?? "incomplete";

// When a customer has several subscriptions (a canceled one and its replacement), the one that
// matters is the most alive, then the newest.
const liveness: SubscriptionStatus[] = ["active", "trialing", "past_due", "unpaid", "incomplete", "canceled", "none"];

/**
 * The one place the app learns a customer's subscription: the webhook and the checkout return
 * both call it with nothing but the Stripe customer id, and it reads the truth from Stripe
 * (never from an event payload, which can be stale or arrive out of order). Idempotent: running
 * it twice writes the same row. Returns null for a Stripe customer that is not ours.
 */
export async function syncStripeCustomer(db: Db, stripe: StripeClient, stripeCustomerId: string): Promise<SyncedCustomer | null> {
  const customer = await db.selectFrom("customers").select("id").where("stripe_customer_id", "=", stripeCustomerId).executeTakeFirst();
  if (!customer) return null;

  // Stripe is read before any transaction opens: a network call must not hold row locks.
  const list = await stripe.subscriptions.list({ customer: stripeCustomerId, status: "all", limit: 20 });
  const chosen = [...list.data].sort(
    (a, b) => liveness.indexOf(statusOf(a.status)) - liveness.indexOf(statusOf(b.status)) || b.created - a.created,
  )[0];

  const synced: SyncedCustomer = chosen
    ? {
        customerId: customer.id,
        subscriptionStatus: statusOf(chosen.status),
        planId: await planOf(db, chosen),
        stripeSubscriptionId: chosen.id,
        ...periodOf(chosen),
      }
    : { customerId: customer.id, subscriptionStatus: "none", planId: null, stripeSubscriptionId: null, currentPeriodStart: null, currentPeriodEnd: null };

  await db
    .updateTable("customers")
    .set({
      subscription_status: synced.subscriptionStatus,
      stripe_subscription_id: synced.stripeSubscriptionId,
      current_period_start: synced.currentPeriodStart,
      current_period_end: synced.currentPeriodEnd,
      // A subscription whose prices match no plan (edited by hand in Stripe) keeps the plan we knew.
      ...(synced.planId || !chosen ? { plan_id: synced.planId } : {}),
    })
    .where("id", "=", customer.id)
    .execute();
  return synced;
}

/** The plan whose base price is on the subscription; the metadata we set at checkout as a fallback. */
async function planOf(db: Db, subscription: Stripe.Subscription): Promise<string | null> {
  const priceIds = subscription.items.data.map((item) => item.price.id);
  if (priceIds.length > 0) {
    const byPrice = await db.selectFrom("plans").select("id").where("stripe_base_price_id", "in", priceIds).executeTakeFirst();
    if (byPrice) return byPrice.id;
  }
  const fromMetadata = subscription.metadata?.meterkit_plan_id;
  if (!fromMetadata || !/^[0-9a-f-]{36}$/i.test(fromMetadata)) return null;
  const byId = await db.selectFrom("plans").select("id").where("id", "=", fromMetadata).executeTakeFirst();
  return byId?.id ?? null;
}

/** Stripe keeps the billing period on each item (API 2025-03-31 and later); the items share it. */
function periodOf(subscription: Stripe.Subscription): { currentPeriodStart: Date | null; currentPeriodEnd: Date | null } {
  const item = subscription.items.data[0];
  if (!item) return { currentPeriodStart: null, currentPeriodEnd: null };
  return { currentPeriodStart: new Date(item.current_period_start * 1000), currentPeriodEnd: new Date(item.current_period_end * 1000) };
}
