import type { Db } from "../db";
import type { StripeClient } from "../stripe/client";
import { enqueueMeterReports } from "./enqueue";
import { flushMeterReports, type FlushResult } from "./flush";

/** Passes one immediate flush may make; each sends at most one report per meter. */
const MAX_PASSES = 20;

/**
 * The immediate flush policy: enqueue this customer's unreported events and send them now.
 * Call it after recordUsage WITHOUT awaiting it on the request path (see scheduleCustomerFlush);
 * if it fails or the process dies, the worker picks the events up after its grace period.
 *
 * Stripe takes one call per customer and meter at a time, so a pass claims only the oldest
 * report of each meter, and none while another sender holds it. A reply that lands while the
 * previous reply's report is on its way therefore finds nothing to claim. So every flush
 * passes again until a pass claims nothing: whoever sends last sends what queued behind it.
 * A report that failed waits for its retry time, so it ends the loop instead of spinning.
 */
export async function flushCustomerNow(db: Db, stripe: StripeClient, customerId: string): Promise<FlushResult> {
  // Its own request's event was recorded a moment ago; older stragglers are the worker's.
  await enqueueMeterReports(db, { customerId, scan: "recent" });
  let total: FlushResult | null = null;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = await flushMeterReports(db, stripe, { customerId, limit: 50 });
    total = total ? addUp(total, result) : result;
    if (result.claimed === 0) break;
  }
  return total!;
}

function addUp(a: FlushResult, b: FlushResult): FlushResult {
  return {
    claimed: a.claimed + b.claimed,
    sent: a.sent + b.sent,
    retrying: a.retrying + b.retrying,
    dead: a.dead + b.dead,
    confirmedFromSummaries: a.confirmedFromSummaries + b.confirmedFromSummaries,
    lostLease: a.lostLease + b.lostLease,
    viaV2: a.viaV2 || b.viaV2,
  };
}

/** Fire-and-forget wrapper for the request path: the response never waits for Stripe. */
export function scheduleCustomerFlush(db: Db, stripe: StripeClient, customerId: string, onError: (error: unknown) => void): void {
  setImmediate(() => {
    flushCustomerNow(db, stripe, customerId).catch(onError);
  });
}
