import type Stripe from "stripe";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backgroundContext } from "../http/context";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";
import { startWebhookReceiver } from "../testing/webhook-receiver";
import { MAX_RENEWALS_PER_CHECK, renewDueSubscriptions } from "./subscription-lifecycle";

const DAY = 86_400;

// One emulator per test: each moves the clock, which is emulator-wide.
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of opened.splice(0).reverse()) await c.close();
});

async function setup(renewEvery?: number): Promise<{ h: Harness; plan: MeteredPlan; sub: Stripe.Subscription; received: { body: string }[] }> {
  const receiver = await startWebhookReceiver();
  opened.push(receiver);
  const h = await startHarness({ renewEvery, webhookUrl: receiver.url });
  opened.push(h);
  const plan = await seedMeteredPlan(h.stripe);
  const sub = await h.stripe.subscriptions.create({ customer: plan.customer.id, items: [{ price: plan.basePrice.id }, { price: plan.meteredPrice.id }] });
  return { h, plan, sub, received: receiver.received };
}

const periodEnd = (sub: Stripe.Subscription) => sub.items.data[0]?.current_period_end ?? 0;

/** Puts the emulator clock `seconds` after the subscription's current period end. */
function passPeriodEnd(h: Harness, sub: Stripe.Subscription, seconds: number): void {
  h.emu.setClockOffset(periodEnd(sub) - Math.floor(Date.now() / 1000) + seconds);
}

async function cycleInvoices(h: Harness, sub: Stripe.Subscription): Promise<Stripe.Invoice[]> {
  const all = await h.stripe.invoices.list({ subscription: sub.id, limit: 100 });
  return all.data.filter((i) => i.billing_reason === "subscription_cycle").sort((a, b) => (a.period_start ?? 0) - (b.period_start ?? 0));
}

function webhookEvents(received: { body: string }[], sub: Stripe.Subscription): Stripe.Event[] {
  return received
    .map((r) => JSON.parse(r.body) as Stripe.Event)
    .filter((e) => {
      const object = e.data.object as { id?: string; subscription?: string | null; parent?: { subscription_details?: { subscription?: string } } };
      return object.id === sub.id || object.subscription === sub.id || object.parent?.subscription_details?.subscription === sub.id;
    });
}

describe("automatic renewal at period end (renewEvery)", () => {
  it("renews a subscription whose period has ended, one cycle invoice and one update per elapsed period", async () => {
    const { h, plan, sub, received } = await setup(20);
    await h.stripe.billing.meterEvents.create({ event_name: plan.meter.event_name, identifier: "renew-1", payload: { stripe_customer_id: plan.customer.id, value: "2000000" } });
    const first = periodEnd(sub);
    // 40 days past the first period end: the next (monthly) period has ended too, the one after has not.
    passPeriodEnd(h, sub, 40 * DAY);

    await vi.waitFor(async () => {
      const renewed = await h.stripe.subscriptions.retrieve(sub.id);
      expect(periodEnd(renewed)).toBeGreaterThan(h.emu.state.now());
    }, { timeout: 5_000, interval: 20 });

    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    const second = renewed.items.data[0]?.current_period_start ?? 0;
    expect(second).toBeGreaterThan(first);
    expect(second - first).toBeGreaterThanOrEqual(28 * DAY);
    expect(second).toBeLessThanOrEqual(h.emu.state.now());
    for (const item of renewed.items.data) {
      expect(item.current_period_start).toBe(second);
      expect(item.current_period_end).toBeGreaterThan(h.emu.state.now());
    }
    expect(renewed.status).toBe("active");

    const invoices = await cycleInvoices(h, sub);
    expect(invoices).toHaveLength(2);
    // The first bills the ended period's usage (2,000,000 × 0.000015¢ = 30¢) and the next period's base fee.
    expect(invoices[0]).toMatchObject({ status: "paid", total: 1900 + 30 });
    expect(invoices[1]).toMatchObject({ status: "paid", total: 1900 });
    expect(renewed.latest_invoice).toBe(invoices[1]?.id);

    await h.emu.webhooksIdle();
    const events = webhookEvents(received, sub);
    const cycle = (type: string) =>
      events.filter((e) => e.type === type && (e.data.object as Stripe.Invoice).billing_reason === "subscription_cycle").map((e) => (e.data.object as Stripe.Invoice).id);
    expect(events.filter((e) => e.type === "customer.subscription.updated")).toHaveLength(2);
    expect(cycle("invoice.created")).toEqual(invoices.map((i) => i.id));
    expect(cycle("invoice.paid")).toEqual(invoices.map((i) => i.id));
    const updates = events.filter((e) => e.type === "customer.subscription.updated");
    expect(updates.map((e) => (e.data.object as Stripe.Subscription).items.data[0]?.current_period_start)).toEqual([first, second]);
    // Stripe's automatic events carry no request.
    for (const e of updates) expect(e.request).toEqual({ id: null, idempotency_key: null });
  });

  it("cancels a cancel_at_period_end subscription instead of renewing it", async () => {
    const { h, sub, received } = await setup(20);
    await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    passPeriodEnd(h, sub, DAY);

    await vi.waitFor(async () => {
      expect(await h.stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: "canceled" });
    }, { timeout: 5_000, interval: 20 });

    const canceled = await h.stripe.subscriptions.retrieve(sub.id);
    expect(periodEnd(canceled)).toBe(periodEnd(sub));
    expect(await cycleInvoices(h, sub)).toHaveLength(0);
    await h.emu.webhooksIdle();
    expect(webhookEvents(received, sub).filter((e) => e.type === "customer.subscription.deleted")).toHaveLength(1);
  });

  it("leaves an ended period alone when renewEvery is absent", async () => {
    const { h, sub } = await setup(undefined);
    passPeriodEnd(h, sub, 40 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const still = await h.stripe.subscriptions.retrieve(sub.id);
    expect(periodEnd(still)).toBe(periodEnd(sub));
    expect(await cycleInvoices(h, sub)).toHaveLength(0);
  });

  it("catches up a long-idle state at most 24 periods per check", async () => {
    const { h, sub } = await setup(undefined);
    passPeriodEnd(h, sub, 3 * 365 * DAY); // 36+ monthly periods behind
    const ctx = backgroundContext(h.emu.state, h.emu.url);

    expect(renewDueSubscriptions(ctx)).toBe(MAX_RENEWALS_PER_CHECK);
    expect(periodEnd(h.emu.state.data.subscriptions[sub.id] as unknown as Stripe.Subscription)).toBeLessThanOrEqual(h.emu.state.now());
    const rest = renewDueSubscriptions(ctx);
    expect(rest).toBeGreaterThan(10);
    expect(periodEnd(h.emu.state.data.subscriptions[sub.id] as unknown as Stripe.Subscription)).toBeGreaterThan(h.emu.state.now());
    expect(renewDueSubscriptions(ctx)).toBe(0);
    expect(await cycleInvoices(h, sub)).toHaveLength(MAX_RENEWALS_PER_CHECK + rest);
  });

  it("keeps the anchor day through short months, as Stripe does (Jan 31 → Feb 28 → Mar 31 → Apr 30)", async () => {
    const receiver = await startWebhookReceiver();
    opened.push(receiver);
    const h = await startHarness({ webhookUrl: receiver.url });
    opened.push(h);
    const plan = await seedMeteredPlan(h.stripe);
    // Subscribe on Jan 31, 2030 at noon UTC.
    const jan31 = Date.UTC(2030, 0, 31, 12) / 1000;
    h.emu.setClockOffset(jan31 - Math.floor(Date.now() / 1000));
    const sub = await h.stripe.subscriptions.create({ customer: plan.customer.id, items: [{ price: plan.basePrice.id }] });
    // Three periods later.
    passPeriodEnd(h, sub, 62 * DAY);
    renewDueSubscriptions(backgroundContext(h.emu.state, h.emu.url));
    const invoices = await cycleInvoices(h, sub);
    const day = (s: number | null | undefined) => new Date((s ?? 0) * 1000).toISOString().slice(0, 10);
    expect(invoices.map((i) => day(i.period_end))).toEqual(["2030-02-28", "2030-03-31", "2030-04-30"]);
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(day(periodEnd(renewed))).toBe("2030-05-31");
  });
});
