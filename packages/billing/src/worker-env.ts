import { parseEnv } from "@meterkit/config";
import { z } from "zod";

const schema = z.object({
  /** How often the worker looks for due reports; batched plans still wait for their own interval. */
  BILLING_FLUSH_TICK_MS: z.coerce.number().int().min(100).default(1_000),
  /** Sends of a report before it is dead; with the default base, 6 to 12 hours (backoff.ts). */
  BILLING_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(24),
  BILLING_BACKOFF_BASE_MS: z.coerce.number().int().min(10).default(1_000),
  /**
   * Reports per reporter pass; a pass of at least BILLING_V2_THRESHOLD reports uses the v2 meter
   * event stream. The default threshold is above the batch, so every pass uses v1: v2 validates
   * asynchronously and reports a rejected event only through Stripe's error-report webhook, which
   * nothing here handles yet, while v1 dead-letters it where the outbox page shows it. Lower the
   * threshold below the batch only with such a handler.
   */
  BILLING_FLUSH_BATCH: z.coerce.number().int().min(1).default(500),
  BILLING_V2_THRESHOLD: z.coerce.number().int().min(1).default(1_000),
  BILLING_CHECKPOINT_STALE_SECONDS: z.coerce.number().int().min(5).default(120),
});

export type BillingWorkerEnv = z.infer<typeof schema>;

export function parseBillingWorkerEnv(source?: Record<string, string | undefined>): BillingWorkerEnv {
  return parseEnv("billing-worker", schema, source);
}
