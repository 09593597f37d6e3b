import { sql } from "kysely";
import type { Executor } from "./executor.js";

/** How far ahead the worker keeps the ledger's month partitions: a quarter. */
export const LEDGER_MONTHS_AHEAD = 3;

/**
 * Creates the ledger's month partitions (migration 0150) from the month of `now` through
 * `monthsAhead` more, those that do not exist yet, and returns how many it created. Safe to run
 * any number of times, from any number of workers: an existing month is left alone. Events
 * of a month with no partition still land (in the default partition), so missing this job for a
 * while costs partition pruning, never a failed write.
 */
export async function ensureLedgerPartitions(db: Executor, options: { now?: Date; monthsAhead?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const months = (options.monthsAhead ?? LEDGER_MONTHS_AHEAD) + 1;
  // Two workers creating the same month at once: the second waits on this lock, then sees it.
  return db.isTransaction ? create(db, now, months) : db.transaction().execute((trx) => create(trx, now, months));
}

async function create(db: Executor, now: Date, months: number): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('usage_events partitions'))`.execute(db);
  const { rows } = await sql<{ created: number }>`SELECT ensure_usage_event_partitions(${now}, ${months}) AS created`.execute(db);
  return rows[0]?.created ?? 0;
}
