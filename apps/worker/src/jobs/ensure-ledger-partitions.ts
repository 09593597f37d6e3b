import { ensureLedgerPartitions, LEDGER_MONTHS_AHEAD } from "@meterkit/db";
import type { Job } from "../job";

/** Keeps the ledger's month partitions a quarter ahead (migration 0150); a no-op on most runs. */
export const ensureLedgerPartitionsJob: Job = {
  name: "ensure-ledger-partitions",
  intervalMs: 6 * 60 * 60_000,
  async run({ db, log }) {
    const created = await ensureLedgerPartitions(db, { monthsAhead: LEDGER_MONTHS_AHEAD });
    if (created) log.info(`created ${created} month partitions of the usage ledger`);
  },
};
