import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";

let h: Harness;
let plan: MeteredPlan;
beforeAll(async () => {
  h = await startHarness();
  plan = await seedMeteredPlan(h.stripe);
});
afterAll(() => h.close());

describe("subscriptions", () => {
  it("creates an active subscription with a licensed and a metered item and pays the first invoice", async () => {
    const sub = await h.stripe.subscriptions.create({
      customer: plan.customer.id,
      items: [{ price: plan.basePrice.id }, { price: plan.meteredPrice.id }],
      metadata: { plan_code: "starter" },
      expand: ["latest_invoice"],
    });
    expect(sub).toMatchObject({ object: "subscription", status: "active", customer: plan.customer.id, metadata: { plan_code: "starter" } });
    const [base, metered] = sub.items.data;
    expect(base).toMatchObject({ object: "subscription_item", quantity: 1, price: { id: plan.basePrice.id } });
    expect(metered?.quantity).toBeUndefined();
    expect(base?.current_period_end).toBeGreaterThan(base?.current_period_start ?? Infinity);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ object: "invoice", status: "paid", billing_reason: "subscription_create", total: 1900, amount_paid: 1900 });

    expect((await h.stripe.subscriptions.retrieve(sub.id)).id).toBe(sub.id);
    expect((await h.stripe.subscriptions.list({ customer: plan.customer.id })).data.map((s) => s.id)).toContain(sub.id);
  });

  it("refuses a quantity on a metered item, like Stripe", async () => {
    await expect(
      h.stripe.subscriptions.create({ customer: plan.customer.id, items: [{ price: plan.meteredPrice.id, quantity: 3 }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: "items[0][quantity]" });
  });

  it("answers a declining test card with 402 card_declined", async () => {
    const err = await h.stripe.subscriptions
      .create({ customer: plan.customer.id, items: [{ price: plan.basePrice.id }], default_payment_method: "pm_card_chargeDeclined" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, code: "card_declined", decline_code: "generic_decline" });
  });

  it("updates items and cancel_at_period_end, then cancels", async () => {
    const sub = await h.stripe.subscriptions.create({ customer: plan.customer.id, items: [{ price: plan.basePrice.id }] });
    const withMeter = await h.stripe.subscriptions.update(sub.id, { items: [{ price: plan.meteredPrice.id }], cancel_at_period_end: true });
    expect(withMeter.items.data.map((i) => i.price.id)).toEqual([plan.basePrice.id, plan.meteredPrice.id]);
    expect(withMeter.cancel_at_period_end).toBe(true);
    const baseItem = withMeter.items.data[0];
    const fewer = await h.stripe.subscriptions.update(sub.id, { items: [{ id: baseItem?.id, deleted: true }], cancel_at_period_end: false });
    expect(fewer.items.data.map((i) => i.price.id)).toEqual([plan.meteredPrice.id]);

    const canceled = await h.stripe.subscriptions.cancel(sub.id);
    expect(canceled).toMatchObject({ status: "canceled", cancellation_details: { reason: "cancellation_requested" } });
    expect(canceled.ended_at).toBeTypeOf("number");
    expect((await h.stripe.subscriptions.list({ customer: plan.customer.id })).data.map((s) => s.id)).not.toContain(sub.id);
    expect((await h.stripe.subscriptions.list({ customer: plan.customer.id, status: "canceled" })).data.map((s) => s.id)).toContain(sub.id);
    const deleted = await h.stripe.events.list({ type: "customer.subscription.deleted" });
    expect(deleted.data.map((e) => (e.data.object as Stripe.Subscription).id)).toContain(sub.id);
  });

  it("records customer.subscription.* events retrievable through the events API", async () => {
    const sub = await h.stripe.subscriptions.create({ customer: plan.customer.id, items: [{ price: plan.basePrice.id }] });
    await h.stripe.subscriptions.update(sub.id, { metadata: { note: "x" } });
    const events = await h.stripe.events.list({ type: "customer.subscription.*", limit: 100 });
    const mine = events.data.filter((e) => (e.data.object as { id: string }).id === sub.id);
    expect(mine.map((e) => e.type)).toEqual(["customer.subscription.updated", "customer.subscription.created"]);
    expect(mine[0]?.data.previous_attributes).toEqual({ metadata: {} });
    expect((await h.stripe.events.retrieve(mine[0]?.id ?? "")).type).toBe("customer.subscription.updated");
  });
});
