import type { Db } from "../db";
import { enqueueMeterReports } from "./enqueue";

export interface SweepOptions {
  /** (event, meter) pairs per transaction: each batch holds the enqueue lock only briefly. Default 20,000. */
  batch?: number;
  /** Each plan's flush policy decides what is due, as on the tick (default true). */
  respectFlushPolicy?: boolean;
  /** Stops between batches (a worker shutting down); the next sweep goes on from there. */
  signal?: AbortSignal;
}

/**
 * Enqueues every due, unreported event of the whole ledger, batch by batch, under each plan's
 * flush policy. The tick only looks at recent events (`scan: "recent"`, decision 060); this finds
 * what it cannot see: events of a customer or meter synced to Stripe days later, or from before
 * a long worker outage. Its time grows with the ledger, so the worker runs it rarely.
 */
export async function sweepLedgerForReports(db: Db, options: SweepOptions = {}): Promise<{ reports: number; items: number }> {
  const batch = options.batch ?? 20_000;
  const total = { reports: 0, items: 0 };
  for (;;) {
    const queued = await enqueueMeterReports(db, { respectFlushPolicy: options.respectFlushPolicy ?? true, scan: "ledger", limit: batch });
    total.reports += queued.reports;
    total.items += queued.items;
    if (queued.items < batch || options.signal?.aborted) return total;
  }
}
