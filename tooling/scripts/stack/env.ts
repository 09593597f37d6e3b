import { parseEnv } from "@meterkit/config";
import { z } from "zod";

/**
 * The variables the start command reads. Every production variable is optional here: when one
 * is unset the stack starts the local stand-in for it and says so in the banner.
 */
export const stackEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url().optional(),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_", { error: "must be a Stripe secret key (sk_test_… or sk_live_…)" }).optional(),
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", { error: "must be a webhook signing secret (whsec_…)" }).optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  WEB_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  ADMIN_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WEB_URL: z.url().optional(),
  ADMIN_URL: z.url().optional(),
  METERKIT_DATA_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).optional(),
});

export type StackEnv = z.infer<typeof stackEnvSchema>;

export function parseStackEnv(source?: Record<string, string | undefined>): StackEnv {
  return parseEnv("start", stackEnvSchema, source);
}
