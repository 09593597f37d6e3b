import type { Database } from "@meterkit/db";
import type { Kysely, Transaction } from "kysely";

/** The database or an open transaction; every billing function takes one as its first argument. */
export type Db = Kysely<Database>;

/**
 * Runs `fn` in a transaction, joining the caller's when `db` already is one (kysely cannot nest),
 * so a ledger write can be part of a larger unit such as checkpoint recovery.
 */
export function inTransaction<T>(db: Db, fn: (trx: Transaction<Database> | Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/** Postgres returns bigint columns and sums as strings; billing values fit in a JS number (< 2^53 tokens). */
export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}
