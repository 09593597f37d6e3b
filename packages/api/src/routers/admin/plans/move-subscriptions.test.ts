import { activePlanPriceIds, createStripe } from "@meterkit/billing";
import { useTestDb } from "@meterkit/db/testing";
import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdmin, signUpCustomer } from "../../../test/actors";
import { seedUsage } from "../../../test/ledger";

const t = useTestDb();
let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator();
  stripe = createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator", STRIPE_API_BASE: emulator.url, STRIPE_TIMEOUT_MS: 5_000 });
});
afterAll(async () => {
  await emulator?.stop();
});

const rate = (model: string, output: number) => ({ model, inputMicrosPerMtok: 150_000, cachedInputMicrosPerMtok: 75_000, outputMicrosPerMtok: output });

describe("admin.plans.moveSubscriptions", () => {
  it("moves a live subscription from superseded prices to the current ones, once, and audits it", async () => {
    const admin = await createAdmin(t.db, stripe);
    const { plan } = await admin.caller.admin.plans.create({
      code: "movable",
      name: "Movable",
      baseFeeMicros: 5_000_000,
      tokensPerMinute: 1000,
      requestsPerMinute: 10,
      rates: [rate("gpt-4o-mini", 600_000)],
    });
    const c = await signUpCustomer(t.db, "mover", stripe);
    const customer = await stripe.customers.create({ email: c.user.email });
    const before = await activePlanPriceIds(t.db, plan.id);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: before.basePriceId ?? "", quantity: 1 }, ...before.meteredPriceIds.map((price) => ({ price }))],
    });
    await t.db
      .updateTable("customers")
      .set({ plan_id: plan.id, stripe_customer_id: customer.id, stripe_subscription_id: subscription.id, subscription_status: "active" })
      .where("id", "=", c.customer.id)
      .execute();
    // Nothing to do while the subscription already has the plan's prices.
    expect(await admin.caller.admin.plans.moveSubscriptions({ id: plan.id })).toMatchObject({ subscriptions: 1, moved: 0, unchanged: 1 });

    // Usage at the old rate, still waiting for the plan's hourly batch.
    const waiting = await seedUsage(t.db, c.customer.id, plan.id, { input: 100, output: 50, cost: 45 });

    // A new output rate (a new price version) and a second model.
    await admin.caller.admin.plans.update({ id: plan.id, baseFeeMicros: 7_000_000, rates: [rate("gpt-4o-mini", 800_000), rate("meterkit-demo", 4_000_000)] });
    const after = await activePlanPriceIds(t.db, plan.id);
    const moved = await admin.caller.admin.plans.moveSubscriptions({ id: plan.id });
    expect(moved).toMatchObject({ subscriptions: 1, moved: 1, failed: 0 });
    // It reached Stripe before the old items were removed, so it is invoiced at the old price.
    const reports = await t.db
      .selectFrom("meter_report_items as i")
      .innerJoin("meter_reports as r", "r.id", "i.report_id")
      .select(["r.status", "r.sent_at"])
      .where("i.usage_event_id", "=", waiting.id)
      .execute();
    expect(reports.map((r) => r.status)).toEqual(["sent", "sent"]);

    const items = (await stripe.subscriptions.retrieve(subscription.id)).items.data.map((i) => i.price.id).sort();
    expect(items).toEqual([after.basePriceId, ...after.meteredPriceIds].sort());
    const superseded = before.meteredPriceIds.filter((p) => !after.meteredPriceIds.includes(p));
    expect(superseded).toHaveLength(1);
    expect(items).not.toContain(superseded[0]);
    expect(items).not.toContain(before.basePriceId);

    // A second call finds nothing left to move.
    expect(await admin.caller.admin.plans.moveSubscriptions({ id: plan.id })).toMatchObject({ moved: 0, unchanged: 1 });
    const audit = await t.db.selectFrom("audit_log").select(["action", "after"]).where("action", "=", "plan.move_subscriptions").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ moved: 1, outcomes: [{ customerId: c.customer.id, status: "moved" }] });
  });
});
