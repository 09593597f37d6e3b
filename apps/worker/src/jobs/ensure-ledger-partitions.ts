import { ensureLedgerPartitions, LEDGER_MONTHS_AHEAD } from "@meterkit/db";
import type { Job } from "../job";

/**
 * Keeps the ledger's month partitions a quarter ahead (migration 0150); a no-op on most runs.
 * Hourly, because a run gives up rather than hold ledger writes back behind a long reader
 * (PARTITION_LOCK_TIMEOUT_MS), and the quarter ahead leaves room for many such runs.
 */
export const ensureLedgerPartitionsJob: Job = {
  name: "ensure-ledger-partitions",
  intervalMs: 60 * 60_000,
  async run({ db, log }) {
    try {
      const created = await ensureLedgerPartitions(db, { monthsAhead: LEDGER_MONTHS_AHEAD });
      if (created) log.info(`created ${created} month partitions of the usage ledger`);
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      log.warn("the usage ledger was busy; its partitions are created on the next run");
    }
  },
};

const LOCK_NOT_AVAILABLE = "55P03";
