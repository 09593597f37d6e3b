import { useTestDb } from "@meterkit/db/testing";
import { describe, expect, it } from "vitest";
import { activePlanPriceIds } from "./plans/sync-plan";
import { resyncEndedPeriods } from "./resync-ended-periods";
import { syncStripeCustomer } from "./sync-customer";
import { useEmulator } from "./test/emulator";
import { syncedCustomers } from "./test/synced";

const t = useTestDb();
const s = useEmulator();

/** A customer of ours that exists in Stripe but has no subscription yet. */
async function unsubscribed() {
  const { planId, customers } = await syncedCustomers(t.db, s.stripe, 1);
  const id = customers[0]!;
  await t.db.updateTable("customers").set({ subscription_status: "none", plan_id: null }).where("id", "=", id).execute();
  const row = await t.db.selectFrom("customers").select("stripe_customer_id").where("id", "=", id).executeTakeFirstOrThrow();
  return { planId, customerId: id, stripeCustomerId: row.stripe_customer_id! };
}

async function subscribe(stripeCustomerId: string, planId: string) {
  const prices = await activePlanPriceIds(t.db, planId);
  return s.stripe.subscriptions.create({
    customer: stripeCustomerId,
    items: [{ price: prices.basePriceId! }, ...prices.meteredPriceIds.map((price) => ({ price }))],
  });
}

const row = (id: string) =>
  t.db
    .selectFrom("customers")
    .select(["subscription_status", "plan_id", "stripe_subscription_id", "current_period_start", "current_period_end"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

describe("syncStripeCustomer", () => {
  it("copies status, plan (by its base price) and billing period from Stripe's subscription", async () => {
    const { planId, customerId, stripeCustomerId } = await unsubscribed();
    const subscription = await subscribe(stripeCustomerId, planId);

    const synced = await syncStripeCustomer(t.db, s.stripe, stripeCustomerId);
    expect(synced).toMatchObject({ customerId, subscriptionStatus: "active", planId, stripeSubscriptionId: subscription.id });
    const stored = await row(customerId);
    expect(stored).toMatchObject({ subscription_status: "active", plan_id: planId, stripe_subscription_id: subscription.id });
    const item = subscription.items.data[0]!;
    expect(stored.current_period_start?.getTime()).toBe(item.current_period_start * 1000);
    expect(stored.current_period_end?.getTime()).toBe(item.current_period_end * 1000);
  });

  it("is idempotent, and follows a cancellation on the next run", async () => {
    const { planId, customerId, stripeCustomerId } = await unsubscribed();
    const subscription = await subscribe(stripeCustomerId, planId);
    const first = await syncStripeCustomer(t.db, s.stripe, stripeCustomerId);
    expect(await syncStripeCustomer(t.db, s.stripe, stripeCustomerId)).toEqual(first);

    await s.stripe.subscriptions.cancel(subscription.id);
    await syncStripeCustomer(t.db, s.stripe, stripeCustomerId);
    expect(await row(customerId)).toMatchObject({ subscription_status: "canceled", stripe_subscription_id: subscription.id, plan_id: planId });
  });

  it("prefers a live subscription over a canceled older one", async () => {
    const { planId, customerId, stripeCustomerId } = await unsubscribed();
    const old = await subscribe(stripeCustomerId, planId);
    await s.stripe.subscriptions.cancel(old.id);
    const current = await subscribe(stripeCustomerId, planId);
    await syncStripeCustomer(t.db, s.stripe, stripeCustomerId);
    expect(await row(customerId)).toMatchObject({ subscription_status: "active", stripe_subscription_id: current.id });
  });

  it("says 'none' for a customer without subscriptions and ignores Stripe customers that are not ours", async () => {
    const { customerId, stripeCustomerId } = await unsubscribed();
    expect(await syncStripeCustomer(t.db, s.stripe, stripeCustomerId)).toMatchObject({ subscriptionStatus: "none", planId: null });
    expect(await row(customerId)).toMatchObject({ subscription_status: "none", stripe_subscription_id: null });

    const stranger = await s.stripe.customers.create({ email: "stranger@example.test" });
    expect(await syncStripeCustomer(t.db, s.stripe, stranger.id)).toBeNull();
  });
});

describe("resyncEndedPeriods", () => {
  it("asks Stripe for the current period of a customer whose renewal never arrived, and leaves current ones alone", async () => {
    const { planId, customerId, stripeCustomerId } = await unsubscribed();
    await subscribe(stripeCustomerId, planId);
    await syncStripeCustomer(t.db, s.stripe, stripeCustomerId);
    const current = await row(customerId);
    expect(await resyncEndedPeriods(t.db, s.stripe)).toBe(0);

    // As if the renewal webhook was lost: the row still holds last month's period.
    const month = 31 * 24 * 3_600_000;
    await t.db
      .updateTable("customers")
      .set({ current_period_start: new Date(current.current_period_start!.getTime() - month), current_period_end: new Date(current.current_period_end!.getTime() - month) })
      .where("id", "=", customerId)
      .execute();
    expect(await resyncEndedPeriods(t.db, s.stripe)).toBeGreaterThanOrEqual(1);
    expect(await row(customerId)).toMatchObject({ current_period_start: current.current_period_start, current_period_end: current.current_period_end });
  });
});
