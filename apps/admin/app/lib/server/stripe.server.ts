import { createStripe, parseStripeEnv, type StripeClient } from "@meterkit/billing";

/**
 * The portal's Stripe client (the emulator or Stripe itself, as STRIPE_* says), or null when
 * STRIPE_SECRET_KEY is unset: plan saves then report "sync skipped" and reconciliation answers
 * 503 with that reason, instead of the portal pretending to have talked to Stripe.
 */
const stripeEnv = parseStripeEnv();
export const stripe: StripeClient | null = stripeEnv ? createStripe(stripeEnv) : null;
