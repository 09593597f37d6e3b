import { parseEnv } from "@meterkit/config";
import { z } from "zod";

const schema = z.object({
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  // Set only when talking to the local emulator; production leaves it unset and the SDK uses Stripe's hosts.
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export interface StripeEnv {
  STRIPE_SECRET_KEY: string;
  STRIPE_API_BASE?: string;
  STRIPE_TIMEOUT_MS: number;
}

/**
 * The Stripe fragment of the environment, validated once; null when STRIPE_SECRET_KEY is unset,
 * so each caller decides (and says) what it does without Stripe instead of guessing a default.
 */
export function parseStripeEnv(source?: Record<string, string | undefined>): StripeEnv | null {
  const env = parseEnv("billing", schema, source);
  if (!env.STRIPE_SECRET_KEY) return null;
  return { STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY, STRIPE_API_BASE: env.STRIPE_API_BASE, STRIPE_TIMEOUT_MS: env.STRIPE_TIMEOUT_MS };
}
