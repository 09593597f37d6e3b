import { createStripe, type StripeClient } from "@meterkit/billing";
import { useTestDb } from "@meterkit/db/testing";
import { startStripeEmulator, type StripeEmulator } from "@meterkit/stripe-emulator";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleStripeWebhook } from "./stripe-webhook.server";

const t = useTestDb();
const secret = "whsec_test_webhook_route";
let emulator: StripeEmulator;
let stripe: StripeClient;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stripe = createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator", STRIPE_API_BASE: emulator.url, STRIPE_TIMEOUT_MS: 5_000 });
});
afterAll(() => emulator?.stop());

/** A customer of ours with an active Stripe subscription that our row does not know about yet. */
async function subscribedInStripeOnly() {
  const stripeCustomer = await stripe.customers.create({ email: `wh-${randomUUID().slice(0, 8)}@example.test` });
  const product = await stripe.products.create({ name: "Base" });
  const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 900, recurring: { interval: "month" } });
  const subscription = await stripe.subscriptions.create({ customer: stripeCustomer.id, items: [{ price: price.id }] });
  const row = await t.db
    .insertInto("customers")
    .values({ name: "Webhook Co", email: stripeCustomer.email!, stripe_customer_id: stripeCustomer.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { customerId: row.id, stripeCustomerId: stripeCustomer.id, subscription };
}

function delivery(event: Record<string, unknown>, sign = secret): Request {
  const payload = JSON.stringify(event);
  return new Request("http://localhost/api/stripe/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: sign }) },
    body: payload,
  });
}

const event = (type: string, object: Record<string, unknown>, id = `evt_${randomUUID().replace(/-/g, "")}`) => ({
  id, object: "event", type, api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), livemode: false,
  pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object },
});

const status = (id: string) => t.db.selectFrom("customers").select("subscription_status").where("id", "=", id).executeTakeFirstOrThrow();
const deps = () => ({ db: t.db, stripe, secret });

describe("the Stripe webhook", () => {
  it("refuses a forged or missing signature with a 400 and records nothing", async () => {
    const { customerId, stripeCustomerId } = await subscribedInStripeOnly();
    const forged = event("customer.subscription.updated", { object: "subscription", customer: stripeCustomerId });
    const response = await handleStripeWebhook(deps(), delivery(forged, "whsec_someone_else"));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/Signature verification failed/);
    const unsigned = new Request("http://localhost/api/stripe/webhook", { method: "POST", body: JSON.stringify(forged) });
    expect((await handleStripeWebhook(deps(), unsigned)).status).toBe(400);
    expect(await t.db.selectFrom("stripe_webhook_events").select("id").where("id", "=", forged.id).executeTakeFirst()).toBeUndefined();
    expect((await status(customerId)).subscription_status).toBe("none");
  });

  it("takes only the customer id from the payload and the subscription state from Stripe", async () => {
    const { customerId, stripeCustomerId, subscription } = await subscribedInStripeOnly();
    // The payload claims a canceled subscription; Stripe says it is active, and Stripe wins.
    const claimed = event("customer.subscription.updated", { id: subscription.id, object: "subscription", customer: stripeCustomerId, status: "canceled" });
    const response = await handleStripeWebhook(deps(), delivery(claimed));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, customer: customerId, status: "active" });
    expect((await status(customerId)).subscription_status).toBe("active");
    const stored = await t.db.selectFrom("stripe_webhook_events").selectAll().where("id", "=", claimed.id).executeTakeFirstOrThrow();
    expect(stored.type).toBe("customer.subscription.updated");
    expect(stored.processed_at).not.toBeNull();
  });

  it("processes an event id once; a redelivery is acknowledged as a duplicate", async () => {
    const { customerId, stripeCustomerId } = await subscribedInStripeOnly();
    const completed = event("checkout.session.completed", { object: "checkout.session", customer: stripeCustomerId });
    expect((await handleStripeWebhook(deps(), delivery(completed))).status).toBe(200);
    await t.db.updateTable("customers").set({ subscription_status: "past_due" }).where("id", "=", customerId).execute();
    const again = await handleStripeWebhook(deps(), delivery(completed));
    expect(await again.json()).toMatchObject({ received: true, duplicate: true });
    // The duplicate did not run the sync again.
    expect((await status(customerId)).subscription_status).toBe("past_due");
  });

  it("acknowledges events outside the allow-list without acting on them", async () => {
    const { customerId, stripeCustomerId } = await subscribedInStripeOnly();
    const other = event("customer.updated", { object: "customer", id: stripeCustomerId, customer: stripeCustomerId });
    const response = await handleStripeWebhook(deps(), delivery(other));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ignored: "customer.updated" });
    expect(await t.db.selectFrom("stripe_webhook_events").select("id").where("id", "=", other.id).executeTakeFirst()).toBeUndefined();
    expect((await status(customerId)).subscription_status).toBe("none");
  });

  it("answers 503 when webhooks are not configured", async () => {
    const response = await handleStripeWebhook({ db: t.db, stripe, secret: undefined }, delivery(event("invoice.paid", {})));
    expect(response.status).toBe(503);
  });
});
