import { enqueueMeterReports, runReporterCycle, type BillingWorkerEnv, type StripeClient } from "@meterkit/billing";
import type { Job } from "../job";

/**
 * Turns due ledger events into outbox reports (per plan flush policy) and delivers them to
 * Stripe. Safe on any number of replicas (rows are claimed with SKIP LOCKED and leases) and under
 * SIGKILL at any instruction: an unsettled report is resent with the same identifier.
 */
export function billingEnqueueAndFlushJob(stripe: StripeClient | null, env: BillingWorkerEnv): Job {
  return {
    name: "billing-enqueue-and-flush",
    intervalMs: env.BILLING_FLUSH_TICK_MS,
    async run({ db, log }, signal) {
      if (!stripe) {
        const queued = await enqueueMeterReports(db, { respectFlushPolicy: true, scan: "recent" });
        if (queued.reports) log.warn(`STRIPE_SECRET_KEY is unset: ${queued.reports} meter reports queued, would have sent them to Stripe`);
        return;
      }
      const result = await runReporterCycle(
        db,
        stripe,
        {
          respectFlushPolicy: true,
          // The sweep job looks at the rest of the ledger (billing-sweep-ledger.ts).
          scan: "recent",
          limit: env.BILLING_FLUSH_BATCH,
          useV2Stream: "auto",
          v2Threshold: env.BILLING_V2_THRESHOLD,
          backoff: { maxAttempts: env.BILLING_MAX_ATTEMPTS, baseMs: env.BILLING_BACKOFF_BASE_MS },
        },
        signal,
      );
      if (result.enqueuedReports || result.sent || result.retrying || result.dead) {
        log.info(`enqueued ${result.enqueuedReports} reports (${result.enqueuedItems} items); sent ${result.sent}, retrying ${result.retrying}, dead ${result.dead}`);
      }
      if (result.dead) log.warn(`${result.dead} meter reports dead-lettered; see the outbox page`);
    },
  };
}
