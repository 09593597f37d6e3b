import { embeddedDefaults, parseEnv, ports } from "@meterkit/config";
import { z } from "zod";

const schema = z.object({
  STRIPE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(ports.stripeEmulator),
  STRIPE_EMULATOR_HOST: z.string().default("127.0.0.1"),
  STRIPE_EMULATOR_STATE: z.string().default(".data/stripe-emulator.json"),
  STRIPE_WEBHOOK_URL: z.url().default(`http://127.0.0.1:${ports.web}/api/stripe/webhook`),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).default(embeddedDefaults.stripeWebhookSecret),
  /** How often (ms) subscriptions whose period has ended are renewed, as Stripe does on its own; 0 turns it off. */
  STRIPE_EMULATOR_RENEW_EVERY_MS: z.coerce.number().int().min(0).default(30_000),
});

export type EmulatorEnv = z.infer<typeof schema>;

/** The emulator process's own fragment of the environment, validated once at start-up. */
export function emulatorEnv(source?: Record<string, string | undefined>): EmulatorEnv {
  return parseEnv("stripe-emulator", schema, source);
}
