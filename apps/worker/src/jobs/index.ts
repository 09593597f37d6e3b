import { createStripe, parseBillingWorkerEnv, parseStripeEnv } from "@meterkit/billing";
import type { Job } from "../job";
import { billingEnqueueAndFlushJob } from "./billing-enqueue-and-flush";
import { billingRecoverCheckpointsJob } from "./billing-recover-checkpoints";
import { billingResyncEndedPeriodsJob } from "./billing-resync-ended-periods";
import { billingSendCreditsJob } from "./billing-send-credits";
import { billingSweepLedgerJob } from "./billing-sweep-ledger";
import { deleteExpiredRowsJob } from "./delete-expired-rows";
import { ensureLedgerPartitionsJob } from "./ensure-ledger-partitions";
import { recordSpendAlertsJob } from "./record-spend-alerts";
import { releaseExpiredReservationsJob } from "./release-expired-reservations";

/**
 * Every job the worker runs, in the order the loop visits them on each tick.
 *
 * To add one: write it beside this file (or in the package that owns its domain, e.g.
 * `@meterkit/billing`), export a `Job` or a factory returning one, and append it here. Jobs
 * that need more than `JobContext` (a Stripe client, settings) take it as factory arguments,
 * built from their own package's env in `createJobs`.
 */
export function createJobs(): Job[] {
  const billing = parseBillingWorkerEnv();
  // Without a Stripe key the worker still moves usage into the outbox and says so; it never
  // falls back to some other Stripe on its own (the start command sets the emulator's key).
  const stripeEnv = parseStripeEnv();
  const stripe = stripeEnv ? createStripe(stripeEnv) : null;
  return [billingRecoverCheckpointsJob(billing), billingResyncEndedPeriodsJob(stripe), billingEnqueueAndFlushJob(stripe, billing), billingSendCreditsJob(stripe, billing), billingSweepLedgerJob, releaseExpiredReservationsJob, recordSpendAlertsJob, deleteExpiredRowsJob, ensureLedgerPartitionsJob];
}
