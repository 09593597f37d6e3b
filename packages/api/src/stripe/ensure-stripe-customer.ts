import type Stripe from "stripe";
import type { Db } from "../context";
import { AppError } from "../errors";

/**
 * The customer's Stripe customer id, creating it when missing. Stripe is called outside any
 * transaction (a network call must not hold row locks); the create carries an idempotency key
 * derived from our id, and the write only fills an empty column, so two concurrent calls end
 * with one Stripe customer and the same id stored.
 */
export async function ensureStripeCustomer(db: Db, stripe: Stripe, customerId: string): Promise<string> {
  const customer = await db
    .selectFrom("customers")
    .select(["id", "name", "email", "stripe_customer_id"])
    .where("id", "=", customerId)
    .executeTakeFirst();
  if (!customer) throw new AppError("NOT_FOUND", "Customer not found.");
  if (customer.stripe_customer_id) return customer.stripe_customer_id;
  const created = await stripe.customers.create(
    { email: customer.email, name: customer.name, metadata: { meterkit_customer_id: customer.id } },
    { idempotencyKey: `meterkit-customer-${customer.id}` },
  );
  await db
    .updateTable("customers")
    .set({ stripe_customer_id: created.id })
    .where("id", "=", customer.id)
    .where("stripe_customer_id", "is", null)
    .execute();
  const stored = await db.selectFrom("customers").select("stripe_customer_id").where("id", "=", customer.id).executeTakeFirstOrThrow();
  return stored.stripe_customer_id ?? created.id;
}

/** An `onCustomerCreated` hook for `signUp` that creates the Stripe customer right away. */
export function createStripeCustomerOnSignUp(db: Db, stripe: Stripe) {
  return async (customer: { id: string }): Promise<void> => {
    await ensureStripeCustomer(db, stripe, customer.id);
  };
}

export function requireStripe(stripe: Stripe | null): Stripe {
  if (!stripe) throw new AppError("BILLING_UNAVAILABLE", "Billing is not configured on this server (no Stripe client).");
  return stripe;
}
