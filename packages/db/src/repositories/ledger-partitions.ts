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

/**
 * How long creating a partition may wait for its lock on the ledger. Attaching a partition takes
 * an exclusive lock on usage_events, and while that request waits behind a long reader (a sweep,
 * a reconciliation, an export) every ledger write queues behind it: every reply's usage event.
 * Past this the job gives up (`lock_not_available`) and the next run tries again.
 */
export const PARTITION_LOCK_TIMEOUT_MS = 1_000;

async function create(db: Executor, now: Date, months: number): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('usage_events partitions'))`.execute(db);
  // Local to the transaction and put back after, so a caller's own transaction keeps its setting.
  const { rows: setting } = await sql<{ previous: string }>`SELECT current_setting('lock_timeout') AS previous`.execute(db);
  await sql`SELECT set_config('lock_timeout', ${`${PARTITION_LOCK_TIMEOUT_MS}ms`}, true)`.execute(db);
  const { rows } = await sql<{ created: number }>`SELECT ensure_usage_event_partitions(${now}, ${months}) AS created`.execute(db);
  await sql`SELECT set_config('lock_timeout', ${setting[0]?.previous ?? "0"}, true)`.execute(db);
  return rows[0]?.created ?? 0;
}
