import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";

let h: Harness;
let plan: MeteredPlan;
beforeAll(async () => {
  h = await startHarness();
  plan = await seedMeteredPlan(h.stripe);
});
afterAll(() => h.close());

describe("invoice preview", () => {
  it("bills the base price plus meter aggregate × unit price, rounded once per line", async () => {
    const sub = await h.stripe.subscriptions.create({ customer: plan.customer.id, items: [{ price: plan.basePrice.id }, { price: plan.meteredPrice.id }] });
    const now = Math.floor(Date.now() / 1000);
    const send = (identifier: string, value: number, timestamp = now) =>
      h.stripe.billing.meterEvents.create({ event_name: plan.meter.event_name, identifier, timestamp, payload: { stripe_customer_id: plan.customer.id, value: String(value) } });
    await send("inv-1", 1_000_000);
    await send("inv-2", 234_567);
    await send("inv-canceled", 5_000_000);
    await h.stripe.billing.meterEventAdjustments.create({ event_name: plan.meter.event_name, type: "cancel", cancel: { identifier: "inv-canceled" } });
    await send("inv-before-period", 9_000_000, (sub.items.data[0]?.current_period_start ?? now) - 3600);

    const preview = await h.stripe.invoices.createPreview({ customer: plan.customer.id, subscription: sub.id });
    const metered = preview.lines.data.find((l) => l.pricing?.price_details?.price === plan.meteredPrice.id);
    const base = preview.lines.data.find((l) => l.pricing?.price_details?.price === plan.basePrice.id);
    // 1,234,567 tokens × 0.000015¢ = 18.518505¢ → 19¢.
    expect(metered).toMatchObject({ quantity: 1_234_567, amount: 19 });
    expect(metered?.period.start).toBe(sub.items.data[0]?.current_period_start);
    expect(base).toMatchObject({ quantity: 1, amount: 1900 });
    expect(preview).toMatchObject({ object: "invoice", total: 1919, amount_due: 1919, customer: plan.customer.id, billing_reason: "upcoming" });
  });

  it("answers a customer without a subscription with invoice_upcoming_none", async () => {
    const lonely = await h.stripe.customers.create({ email: "nosub@example.com" });
    await expect(h.stripe.invoices.createPreview({ customer: lonely.id })).rejects.toMatchObject({ code: "invoice_upcoming_none" });
  });

  it("closes a period through the test hook: the cycle invoice bills that period's usage", async () => {
    const other = await seedMeteredPlan(h.stripe);
    const sub = await h.stripe.subscriptions.create({ customer: other.customer.id, items: [{ price: other.basePrice.id }, { price: other.meteredPrice.id }] });
    await h.stripe.billing.meterEvents.create({ event_name: other.meter.event_name, identifier: "cycle-1", payload: { stripe_customer_id: other.customer.id, value: "2000000" } });
    const advanced = await h.control<{ latest_invoice: string; items: { data: { current_period_start: number }[] } }>("POST", `/_emulator/subscriptions/${sub.id}/advance`);
    const invoice = await h.stripe.invoices.retrieve(advanced.latest_invoice);
    expect(invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", total: 1900 + 30 });
    expect(advanced.items.data[0]?.current_period_start).toBe(sub.items.data[0]?.current_period_end);
  });
});
