import { createStripe, parseStripeEnv, type StripeClient } from "@meterkit/billing";

// One client per process (kept across Vite re-evaluations in development, like the db pool).
const holder = globalThis as typeof globalThis & { __meterkitWebStripe?: StripeClient | null };

/**
 * The Stripe client, or null when STRIPE_SECRET_KEY is unset: billing pages then say billing is
 * not configured instead of failing. The start command always sets it (emulator or real).
 */
export function getStripe(): StripeClient | null {
  if (holder.__meterkitWebStripe === undefined) {
    const env = parseStripeEnv();
    holder.__meterkitWebStripe = env ? createStripe(env) : null;
  }
  return holder.__meterkitWebStripe;
}
