import type { Db } from "../db";
import { enqueueMeterReports } from "./enqueue";

export interface SweepOptions {
  /** (event, meter) pairs per transaction, so each holds its event rows briefly. Default 20,000. */
  batch?: number;
  /** Stops between batches (a worker shutting down); the next sweep goes on from there. */
  signal?: AbortSignal;
}

/**
 * Enqueues every due, unreported event the tick cannot see, batch by batch, under each plan's
 * flush policy. The tick only looks at recent events (`scan: "recent"`, decision 060); this looks
 * at all the others (`scan: "older"`): events of a customer or meter synced to Stripe days later,
 * or from before a long worker outage. Its time grows with the ledger, so the worker runs it
 * rarely, and it takes no lock that a tick or an immediate flush would wait on.
 */
export async function sweepLedgerForReports(db: Db, options: SweepOptions = {}): Promise<{ reports: number; items: number }> {
  const batch = options.batch ?? 20_000;
  const total = { reports: 0, items: 0 };
  for (;;) {
    const queued = await enqueueMeterReports(db, { respectFlushPolicy: true, scan: "older", limit: batch });
    total.reports += queued.reports;
    total.items += queued.items;
    if (queued.items < batch || options.signal?.aborted) return total;
  }
}
