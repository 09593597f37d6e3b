import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMeteredPlan, startHarness, type Harness, type MeteredPlan } from "../testing/harness";
import { startWebhookReceiver } from "../testing/webhook-receiver";

const SECRET = "whsec_checkout_suite";
let h: Harness;
let plan: MeteredPlan;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  h = await startHarness({ webhookUrl: receiver.url, webhookSecret: SECRET });
  plan = await seedMeteredPlan(h.stripe);
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

const createSession = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  h.stripe.checkout.sessions.create({
    mode: "subscription",
    customer: plan.customer.id,
    line_items: [{ price: plan.basePrice.id, quantity: 1 }, { price: plan.meteredPrice.id }],
    success_url: "http://127.0.0.1:3000/billing/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://127.0.0.1:3000/billing",
    client_reference_id: "meterkit-customer-1",
    subscription_data: { metadata: { plan_code: "starter" } },
    ...extra,
  });

describe("checkout in subscription mode", () => {
  it("serves a hosted page whose Pay button completes the session, then redirects to success_url", async () => {
    const session = await createSession();
    expect(session).toMatchObject({ object: "checkout.session", mode: "subscription", status: "open", payment_status: "unpaid", amount_total: 1900 });
    expect(session.url).toBe(`${h.emu.url}/checkout/${session.id}`);

    const page = await fetch(session.url ?? "");
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Pay</button>");
    expect(html).toContain("Starter");

    const paid = await fetch(`${h.emu.url}/checkout/${session.id}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card=success",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://127.0.0.1:3000/billing/success?session_id=${session.id}`);

    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "line_items"] });
    expect(done).toMatchObject({ status: "complete", payment_status: "paid", customer: plan.customer.id, client_reference_id: "meterkit-customer-1" });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({ status: "active", metadata: { plan_code: "starter" } });
    expect(sub.items.data.map((i) => i.price.id)).toEqual([plan.basePrice.id, plan.meteredPrice.id]);
    expect(done.line_items?.data).toHaveLength(2);

    await h.emu.webhooksIdle();
    const verified = receiver.received.map((w) => h.stripe.webhooks.constructEvent(w.body, w.signature, SECRET));
    const types = verified.filter((e) => JSON.stringify(e.data.object).includes(sub.id)).map((e) => e.type);
    expect(types).toEqual(["customer.subscription.created", "invoice.created", "invoice.paid", "checkout.session.completed"]);
    const completed = verified.find((e) => e.type === "checkout.session.completed") as Stripe.CheckoutSessionCompletedEvent;
    expect(completed.data.object).toMatchObject({ id: session.id, subscription: sub.id });
  });

  it("creates the customer from the email typed on the page when none was given", async () => {
    const session = await createSession({ customer: undefined, customer_email: "new@example.com" });
    const paid = await fetch(`${h.emu.url}/checkout/${session.id}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card=success",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    const customer = (await h.stripe.customers.retrieve(done.customer as string)) as Stripe.Customer;
    expect(customer.email).toBe("new@example.com");
  });

  it("keeps the session open when the card is declined, and refuses a second payment once complete", async () => {
    const session = await createSession();
    const declined = await fetch(`${h.emu.url}/checkout/${session.id}/pay`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "card=declined", redirect: "manual" });
    expect(declined.status).toBe(402);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    await fetch(`${h.emu.url}/checkout/${session.id}/pay`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "card=success", redirect: "manual" });
    const again = await fetch(`${h.emu.url}/checkout/${session.id}/pay`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "card=success", redirect: "manual" });
    expect(again.status).toBe(409);
  });

  it("expires an open session, and lists sessions by status", async () => {
    const session = await createSession();
    const open = await h.stripe.checkout.sessions.list({ customer: session.customer as string, status: "open" });
    expect(open.data.map((s) => s.id)).toContain(session.id);
    const expired = await h.stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    const stillOpen = await h.stripe.checkout.sessions.list({ customer: session.customer as string, status: "open" });
    expect(stillOpen.data.map((s) => s.id)).not.toContain(session.id);
  });

  it("signs webhooks so that a wrong secret fails verification", async () => {
    await h.emu.webhooksIdle();
    const first = receiver.received[0];
    expect(first).toBeDefined();
    expect(() => h.stripe.webhooks.constructEvent(first?.body ?? "", first?.signature ?? "", "whsec_wrong")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});
