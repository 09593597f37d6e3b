import { enqueueMeterReports } from "@meterkit/billing";
import type { Job } from "../job";

/** Events per transaction: each batch holds the enqueue lock only briefly. */
const SWEEP_BATCH = 20_000;

/**
 * The enqueue tick only looks at recently recorded events, so that its cost does not grow with
 * the ledger (decision 060). This job looks at all of it, at start and every 6 hours, for what
 * the tick cannot see: events of a customer or a meter that reached Stripe days later, or from
 * before a long worker outage. It only enqueues; the tick sends.
 */
export const billingSweepLedgerJob: Job = {
  name: "billing-sweep-ledger",
  intervalMs: 6 * 60 * 60_000,
  async run({ db, log }, signal) {
    let reports = 0;
    let items = 0;
    for (;;) {
      const queued = await enqueueMeterReports(db, { respectFlushPolicy: true, scan: "ledger", limit: SWEEP_BATCH });
      reports += queued.reports;
      items += queued.items;
      if (queued.items < SWEEP_BATCH || signal.aborted) break;
    }
    if (reports) log.info(`swept the ledger: enqueued ${reports} meter reports (${items} items) the tick had not seen`);
  },
};
