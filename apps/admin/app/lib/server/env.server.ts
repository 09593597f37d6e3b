import { parseEnv, ports } from "@meterkit/config";
import { z } from "zod";

/**
 * The admin portal's environment, validated once at start-up. Add a variable here (and to
 * .env.example) when a route needs one; read it from `env`, never from process.env.
 */
export const adminEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  ADMIN_PORT: z.coerce.number().int().min(1).max(65535).default(ports.admin),
  // Behind a load balancer or reverse proxy: which hops to trust for the client's address
  // (@meterkit/app-server trustProxySetting). Unset: the app is reached directly.
  TRUST_PROXY: z.string().optional(),
  ADMIN_URL: z.url().default(`http://localhost:${ports.admin}`),
  DATABASE_URL: z.url(),
  // The customer app, linked from the page a customer account sees when it wanders in here.
  WEB_URL: z.url().default(`http://localhost:${ports.web}`),
  // Set by the start command; the header shows them so a local stack is never taken for production.
  METERKIT_MODE_DATABASE: z.enum(["embedded", "external"]).optional(),
  METERKIT_MODE_STRIPE: z.enum(["emulator", "test", "live"]).optional(),
  METERKIT_MODE_MODEL: z.enum(["demo", "upstream"]).optional(),
});

export type AdminEnv = z.infer<typeof adminEnvSchema>;

export const env: AdminEnv = parseEnv("admin", adminEnvSchema);
