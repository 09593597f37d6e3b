import { sweepLedgerForReports } from "@meterkit/billing";
import type { Job } from "../job";

/**
 * The enqueue tick looks only at recently recorded events, so that its cost does not grow with
 * the ledger (decision 060). This job looks at all of it, at start and every 6 hours, for what
 * the tick cannot see (sweepLedgerForReports says what). It only enqueues; the tick sends.
 */
export const billingSweepLedgerJob: Job = {
  name: "billing-sweep-ledger",
  intervalMs: 6 * 60 * 60_000,
  async run({ db, log }, signal) {
    const { reports, items } = await sweepLedgerForReports(db, { signal });
    if (reports) log.info(`swept the ledger: enqueued ${reports} meter reports (${items} items) the tick had not seen`);
  },
};
