import { resyncEndedPeriods, type StripeClient } from "@meterkit/billing";
import type { Job } from "../job";

/** Customers whose billing period ended but whose renewal webhook never came are synced from Stripe. */
export function billingResyncEndedPeriodsJob(stripe: StripeClient | null): Job {
  return {
    name: "billing-resync-ended-periods",
    intervalMs: 60_000,
    async run({ db, log }) {
      if (!stripe) return;
      const synced = await resyncEndedPeriods(db, stripe);
      if (synced) log.info(`synced ${synced} customers whose billing period had ended without a renewal from Stripe`);
    },
  };
}
