import { createStripe, parseStripeEnv, type StripeClient } from "@meterkit/billing";

let client: StripeClient | null | undefined;

/**
 * The Stripe client, or null when STRIPE_SECRET_KEY is unset: billing pages then say billing is
 * not configured instead of failing. The start command always sets it (emulator or real).
 */
export function getStripe(): StripeClient | null {
  if (client === undefined) {
    const env = parseStripeEnv();
    client = env ? createStripe(env) : null;
  }
  return client;
}
