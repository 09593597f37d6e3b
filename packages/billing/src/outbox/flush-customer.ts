import type { Db } from "../db";
import type { StripeClient } from "../stripe/client";
import { enqueueMeterReports } from "./enqueue";
import { flushMeterReports, type FlushResult } from "./flush";

/**
 * The immediate flush policy: enqueue this customer's unreported events and send them now.
 * Call it after recordUsage WITHOUT awaiting it on the request path (see scheduleCustomerFlush);
 * if it fails or the process dies, the worker picks the events up after its grace period.
 */
export async function flushCustomerNow(db: Db, stripe: StripeClient, customerId: string): Promise<FlushResult> {
  await enqueueMeterReports(db, { customerId });
  return flushMeterReports(db, stripe, { customerId, limit: 50 });
}

/** Fire-and-forget wrapper for the request path: the response never waits for Stripe. */
export function scheduleCustomerFlush(db: Db, stripe: StripeClient, customerId: string, onError: (error: unknown) => void): void {
  setImmediate(() => {
    flushCustomerNow(db, stripe, customerId).catch(onError);
  });
}
