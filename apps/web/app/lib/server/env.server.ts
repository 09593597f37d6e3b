import { parseEnv, ports } from "@meterkit/config";
import { z } from "zod";

/**
 * The customer app's environment, validated once at start-up. Add a variable here (and to
 * .env.example) when a route needs one; read it from `env`, never from process.env.
 */
export const webEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(ports.web),
  // Behind a load balancer or reverse proxy: which hops to trust for the client's address
  // (@meterkit/app-server trustProxySetting). Unset: the app is reached directly.
  TRUST_PROXY: z.string().optional(),
  WEB_URL: z.url().default(`http://localhost:${ports.web}`),
  DATABASE_URL: z.url(),
  // Where password-reset mail goes out: an SMTP relay URL (smtp:// or smtps://user:pass@host:port).
  // Unset: mail is written to the log (its link too, outside production).
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL." }).optional(),
  // The sender of that mail, e.g. "Acme <no-reply@acme.com>".
  MAIL_FROM: z.string().min(3).optional(),
  // Verifies Stripe-Signature on /api/stripe/webhook; without it the webhook answers 503.
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  // Set by the start command so pages can say when a part is a local stand-in.
  METERKIT_MODE_DATABASE: z.enum(["embedded", "external"]).optional(),
  METERKIT_MODE_STRIPE: z.enum(["emulator", "test", "live"]).optional(),
  METERKIT_MODE_MODEL: z.enum(["demo", "upstream"]).optional(),
});

export type WebEnv = z.infer<typeof webEnvSchema>;

export const env: WebEnv = parseEnv("web", webEnvSchema);
