import { parseEnv } from "@meterkit/config";
import { z } from "zod";

const schema = z.object({
  /** How often the worker looks for due reports; batched plans still wait for their own interval. */
  BILLING_FLUSH_TICK_MS: z.coerce.number().int().min(100).default(1_000),
  /** Sends of a report before it is dead; with the default base, 6 to 12 hours (backoff.ts). */
  BILLING_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(24),
  BILLING_BACKOFF_BASE_MS: z.coerce.number().int().min(10).default(1_000),
  /** Reports per reporter pass; at or above BILLING_V2_THRESHOLD a pass uses the v2 meter event stream. */
  BILLING_FLUSH_BATCH: z.coerce.number().int().min(1).default(500),
  BILLING_V2_THRESHOLD: z.coerce.number().int().min(1).default(1_000),
  BILLING_CHECKPOINT_STALE_SECONDS: z.coerce.number().int().min(5).default(120),
});

export type BillingWorkerEnv = z.infer<typeof schema>;

export function parseBillingWorkerEnv(source?: Record<string, string | undefined>): BillingWorkerEnv {
  return parseEnv("billing-worker", schema, source);
}
