import type { Db } from "./db";
import type { StripeClient } from "./stripe/client";
import { syncStripeCustomer } from "./sync-customer";

/** How long past its end a period may stay unsynced before the worker asks Stripe itself. */
export const ENDED_PERIOD_GRACE_MS = 2 * 60_000;

/**
 * Brings customers whose billing period ended back in line with Stripe. The renewal normally
 * arrives as a webhook; if that is late or lost, the row keeps the old period, and with it the
 * hard cap adds two periods' spend together, the usage page shows the wrong period and the
 * outbox cannot split the hour a period begins. Returns how many customers were synced.
 */
export async function resyncEndedPeriods(db: Db, stripe: StripeClient, options: { limit?: number; now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const stale = await db
    .selectFrom("customers")
    .select("stripe_customer_id")
    .where("stripe_customer_id", "is not", null)
    .where("stripe_subscription_id", "is not", null)
    .where("subscription_status", "not in", ["canceled", "none"])
    .where("current_period_end", "<", new Date(now.getTime() - ENDED_PERIOD_GRACE_MS))
    .orderBy("current_period_end")
    .limit(options.limit ?? 50)
    .execute();
  let synced = 0;
  for (const { stripe_customer_id } of stale) {
    if (await syncStripeCustomer(db, stripe, stripe_customer_id!)) synced++;
  }
  return synced;
}
