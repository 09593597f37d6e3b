import { sendCreditTransfers, type BillingWorkerEnv, type StripeClient } from "@meterkit/billing";
import type { Job } from "../job";

/**
 * Delivers credits granted in the ledger to the customers' Stripe balances, which Stripe applies
 * to their next invoices. Safe on any number of replicas (claims are leased) and under SIGKILL
 * (a resend carries the same idempotency key and first looks for an earlier delivery).
 */
export function billingSendCreditsJob(stripe: StripeClient | null, env: BillingWorkerEnv): Job {
  return {
    name: "billing-send-credits",
    intervalMs: 10_000,
    async run({ db, log }, signal) {
      if (!stripe) {
        const waiting = await db.selectFrom("credit_transfers").select(db.fn.countAll<string>().as("n")).where("status", "in", ["pending", "failed"]).executeTakeFirstOrThrow();
        if (Number(waiting.n) > 0) log.warn(`STRIPE_SECRET_KEY is unset: ${waiting.n} credits wait to reach Stripe`);
        return;
      }
      const result = await sendCreditTransfers(db, stripe, { backoff: { maxAttempts: env.BILLING_MAX_ATTEMPTS, baseMs: env.BILLING_BACKOFF_BASE_MS } }, signal);
      if (result.sent || result.retrying) log.info(`credits: sent ${result.sent} to Stripe, retrying ${result.retrying}`);
      if (result.dead) log.warn(`${result.dead} credits could not be sent to Stripe; see the customer's page in the admin portal`);
    },
  };
}
