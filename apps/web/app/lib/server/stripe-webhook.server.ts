import { syncStripeCustomer, type StripeClient } from "@meterkit/billing";
import type { Db } from "@meterkit/db";
import type Stripe from "stripe";

export interface WebhookDeps {
  db: Db;
  stripe: StripeClient | null;
  secret: string | undefined;
}

/** Stripe's payloads are a few kilobytes; anything this large is not from Stripe. */
const maxBodyBytes = 512 * 1024;

/** The events that can change what a customer may use; everything else is acknowledged and ignored. */
export function isHandledEvent(type: string): boolean {
  return type === "checkout.session.completed" || type.startsWith("customer.subscription.") || type.startsWith("invoice.");
}

const reply = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

/**
 * POST /api/stripe/webhook. The signature is checked on the raw body, then the event is used for
 * one thing only, the customer id: the state itself is read from Stripe by syncStripeCustomer.
 * Each event id is processed once; a delivery that failed half-way (processed_at still empty) is
 * processed again on Stripe's retry, which is safe because the sync is idempotent.
 */
export async function handleStripeWebhook(deps: WebhookDeps, request: Request): Promise<Response> {
  if (!deps.stripe || !deps.secret) {
    return reply(503, { error: "Stripe webhooks are not configured on this server (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)." });
  }
  const signature = request.headers.get("stripe-signature");
  if (!signature) return reply(400, { error: "Missing Stripe-Signature header." });
  if (Number(request.headers.get("content-length") ?? 0) > maxBodyBytes) return reply(413, { error: "Payload too large." });
  const payload = await request.text();
  if (payload.length > maxBodyBytes) return reply(413, { error: "Payload too large." });

  let event: Stripe.Event;
  try {
    event = deps.stripe.webhooks.constructEvent(payload, signature, deps.secret);
  } catch (error) {
    return reply(400, { error: `Signature verification failed: ${error instanceof Error ? error.message : "invalid signature"}` });
  }
  if (!isHandledEvent(event.type)) return reply(200, { received: true, ignored: event.type });
  const customerId = stripeCustomerIdOf(event);
  if (!customerId) return reply(200, { received: true, ignored: "no customer on the event" });

  await deps.db.insertInto("stripe_webhook_events").values({ id: event.id, type: event.type }).onConflict((oc) => oc.column("id").doNothing()).execute();
  const seen = await deps.db.selectFrom("stripe_webhook_events").select("processed_at").where("id", "=", event.id).executeTakeFirstOrThrow();
  if (seen.processed_at) return reply(200, { received: true, duplicate: true });

  const synced = await syncStripeCustomer(deps.db, deps.stripe, customerId);
  await deps.db.updateTable("stripe_webhook_events").set({ processed_at: new Date() }).where("id", "=", event.id).execute();
  return reply(200, { received: true, customer: synced?.customerId ?? null, status: synced?.subscriptionStatus ?? null });
}

/** The Stripe customer id an allow-listed event is about; the only field of the payload we use. */
export function stripeCustomerIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as { customer?: string | { id: string } | null };
  const customer = object.customer;
  if (typeof customer === "string") return customer;
  if (customer && typeof customer === "object" && typeof customer.id === "string") return customer.id;
  return null;
}
