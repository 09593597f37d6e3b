import { createStripe, syncPlanToStripe } from "@meterkit/billing";
import { useTestDb } from "@meterkit/db/testing";
import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeCustomerOnSignUp } from "../../stripe/ensure-stripe-customer";
import { createAdmin, rejectionOf, signUpCustomer } from "../../test/actors";
import { seedPlan } from "../../test/ledger";

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

describe("billing", () => {
  it("createCheckout creates the Stripe customer first, syncs the plan, and returns a subscription checkout", async () => {
    const plan = await seedPlan(t.db, { code: "checkout-plan" });
    const c = await signUpCustomer(t.db, "checkout", stripe);
    const { url, sessionId } = await c.caller.billing.createCheckout({ planCode: "checkout-plan" });
    expect(url).toMatch(/^https?:\/\//);

    const customer = await t.db.selectFrom("customers").selectAll().where("id", "=", c.customer.id).executeTakeFirstOrThrow();
    expect(customer.stripe_customer_id).toMatch(/^cus_/);
    const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ["line_items"] });
    expect(session.mode).toBe("subscription");
    expect(session.customer).toBe(customer.stripe_customer_id);
    expect(session.client_reference_id).toBe(c.customer.id);
    expect(session.success_url).toBe("http://localhost:3000/app/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}");

    const synced = await t.db.selectFrom("plans").select("stripe_base_price_id").where("id", "=", plan.id).executeTakeFirstOrThrow();
    expect(synced.stripe_base_price_id).toMatch(/^price_/);
    const prices = await t.db.selectFrom("plan_prices").select("stripe_price_id").where("plan_id", "=", plan.id).where("active", "=", true).execute();
    // One metered price per token class of the plan's one model.
    expect(prices).toHaveLength(3);
    const lineItems = session.line_items?.data.map((l) => l.price?.id).sort();
    expect(lineItems).toEqual([synced.stripe_base_price_id, ...prices.map((p) => p.stripe_price_id)].sort());

    // A second checkout reuses the same Stripe customer.
    await c.caller.billing.createCheckout({ planCode: "checkout-plan" });
    const after = await t.db.selectFrom("customers").select("stripe_customer_id").where("id", "=", c.customer.id).executeTakeFirstOrThrow();
    expect(after.stripe_customer_id).toBe(customer.stripe_customer_id);
  });

  it("the sign-up hook creates the Stripe customer right away", async () => {
    const c = await signUpCustomer(t.db, "hooked", stripe);
    await createStripeCustomerOnSignUp(t.db, stripe)(c.customer);
    const row = await t.db.selectFrom("customers").select("stripe_customer_id").where("id", "=", c.customer.id).executeTakeFirstOrThrow();
    const remote = await stripe.customers.retrieve(row.stripe_customer_id!);
    expect(remote).toMatchObject({ email: c.user.email, metadata: { meterkit_customer_id: c.customer.id } });
  });

  it("refuses unknown plans, and says when Stripe is not configured", async () => {
    const c = await signUpCustomer(t.db, "noplan", stripe);
    const unknown = await rejectionOf(c.caller.billing.createCheckout({ planCode: "does-not-exist" }));
    expect(unknown.code).toBe("NOT_FOUND");
    const invalid = await rejectionOf(c.caller.billing.createCheckout({ planCode: "Not A Code!" }));
    expect(invalid.code).toBe("BAD_REQUEST");

    const offline = await signUpCustomer(t.db, "offline", null);
    const error = await rejectionOf(offline.caller.billing.getInvoicePreview());
    expect(error.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("paid checkout → sync → active subscription with an invoice preview; an admin plan change swaps the Stripe prices", async () => {
    await seedPlan(t.db, { code: "paid-plan" });
    const target = await seedPlan(t.db, { code: "bigger-plan" });
    const c = await signUpCustomer(t.db, "payer", stripe);
    const { url, sessionId } = await c.caller.billing.createCheckout({ planCode: "paid-plan" });
    const paid = await fetch(`${new URL(url).origin}/checkout/${sessionId}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card=success",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://localhost:3000/app/billing?checkout=success&session_id=${sessionId}`);

    const subscription = await c.caller.billing.sync();
    expect(subscription).toMatchObject({ status: "active", canUseModels: true, plan: { code: "paid-plan" }, hasStripeCustomer: true });
    expect(subscription.currentPeriodEnd).not.toBeNull();
    expect((await rejectionOf(c.caller.billing.createCheckout({ planCode: "paid-plan" }))).code).toBe("CONFLICT");

    const preview = await c.caller.billing.getInvoicePreview();
    expect(preview?.currency).toBe("usd");
    expect(preview?.lines.length).toBeGreaterThan(0);
    // Amounts come back in micros: Stripe cents × 10_000.
    expect((preview?.totalMicros ?? 1) % 10_000).toBe(0);

    const admin = await createAdmin(t.db, stripe);
    const changed = await admin.caller.admin.customers.changePlan({ customerId: c.customer.id, planCode: "bigger-plan", reason: "upgrade" });
    expect(changed.stripe).toBe("swapped");
    const row = await t.db.selectFrom("customers").select(["plan_id", "stripe_subscription_id"]).where("id", "=", c.customer.id).executeTakeFirstOrThrow();
    expect(row.plan_id).toBe(target.id);
    const remote = await stripe.subscriptions.retrieve(row.stripe_subscription_id!);
    const targetPrices = await t.db.selectFrom("plans").select("stripe_base_price_id").where("id", "=", target.id).executeTakeFirstOrThrow();
    expect(remote.items.data.map((i) => i.price.id)).toContain(targetPrices.stripe_base_price_id);
    expect(await c.caller.billing.sync()).toMatchObject({ plan: { code: "bigger-plan" } });
  });

  it("has no invoice preview before a subscription exists", async () => {
    const c = await signUpCustomer(t.db, "preview", stripe);
    expect(await c.caller.billing.getInvoicePreview()).toBeNull();
  });

  it("a second checkout expires the first, and once one is paid no other can start, even before our row knows", async () => {
    await seedPlan(t.db, { code: "twice-plan" });
    const c = await signUpCustomer(t.db, "twice", stripe);
    const first = await c.caller.billing.createCheckout({ planCode: "twice-plan" });
    const second = await c.caller.billing.createCheckout({ planCode: "twice-plan" });
    // The first tab's session is gone: it cannot be paid any more.
    expect((await pay(first.url, first.sessionId)).status).toBe(409);
    expect((await pay(second.url, second.sessionId)).status).toBe(303);
    // No sync yet (no webhook, no return page): our row still says "none", Stripe does not.
    const third = await rejectionOf(c.caller.billing.createCheckout({ planCode: "twice-plan" }));
    expect(third.code).toBe("CONFLICT");
    const row = await t.db.selectFrom("customers").select("stripe_customer_id").where("id", "=", c.customer.id).executeTakeFirstOrThrow();
    const live = await stripe.subscriptions.list({ customer: row.stripe_customer_id! });
    expect(live.data).toHaveLength(1);
  });

  it("a plan whose sync to Stripe failed halfway is synced again before anyone subscribes, so every meter is priced", async () => {
    const plan = await seedPlan(t.db, { code: "half-synced" });
    // A model no other test gave meters yet, so the sync has meters to create.
    await t.db.updateTable("plan_rates").set({ model: "gpt-4o" }).where("plan_id", "=", plan.id).execute();
    await setFaults({ rate5xx: 1, paths: ["/v1/billing/meters"] });
    await expect(syncPlanToStripe(t.db, stripe, plan.id)).rejects.toThrow();
    await setFaults({});
    const base = await t.db.selectFrom("plans").select("stripe_base_price_id").where("id", "=", plan.id).executeTakeFirstOrThrow();
    expect(base.stripe_base_price_id).toMatch(/^price_/);

    const c = await signUpCustomer(t.db, "half", stripe);
    const { sessionId } = await c.caller.billing.createCheckout({ planCode: "half-synced" });
    const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ["line_items"] });
    const metered = session.line_items?.data.filter((l) => l.price?.recurring?.usage_type === "metered") ?? [];
    expect(metered).toHaveLength(3);
  });

  it("after a cancellation there is no invoice preview, and no error", async () => {
    await seedPlan(t.db, { code: "cancel-plan" });
    const c = await signUpCustomer(t.db, "cancel", stripe);
    const checkout = await c.caller.billing.createCheckout({ planCode: "cancel-plan" });
    await pay(checkout.url, checkout.sessionId);
    await c.caller.billing.sync();
    const row = await t.db.selectFrom("customers").select("stripe_subscription_id").where("id", "=", c.customer.id).executeTakeFirstOrThrow();
    await stripe.subscriptions.cancel(row.stripe_subscription_id!);
    expect((await c.caller.billing.sync()).status).toBe("canceled");
    expect(await c.caller.billing.getInvoicePreview()).toBeNull();
  });
});

function pay(url: string, sessionId: string): Promise<Response> {
  return fetch(`${new URL(url).origin}/checkout/${sessionId}/pay`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "card=success",
    redirect: "manual",
  });
}

async function setFaults(faults: object): Promise<void> {
  const response = await fetch(`${emulator.url}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
  expect(response.ok).toBe(true);
}
