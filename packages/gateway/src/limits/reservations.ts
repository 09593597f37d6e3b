import type { Db } from "@meterkit/db";
import { sql } from "kysely";

/** How long a held reservation counts against the cap; longer than any request may run. */
export const RESERVATION_TTL_MS = 15 * 60_000;

export type ReserveInput = {
  customerId: string;
  requestId: string;
  amountMicros: number;
  /** The smaller of the plan's hard cap and the customer's monthly budget. */
  limitMicros: number;
  periodStart: Date;
  ttlMs?: number;
};

export type ReserveResult =
  | { admitted: true; reservationId: string; spentMicros: number; heldMicros: number }
  | { admitted: false; spentMicros: number; heldMicros: number };

/**
 * Holds the worst-case cost of a request against the spending limit.
 *
 * One call of the database function `reserve_spend` (migrations 0080, 0090): it locks the
 * customer row, which serialises every admission of that customer in any process, then reads the
 * period's spend (hourly projection of the ledger) and the held reservations in fresh snapshots (so it sees everything committed before
 * the lock was granted) and inserts the reservation only if spent + held + amount <= limit. The
 * lock is released when that one statement commits. Hence: spent + held never exceeds the limit
 * at admission, and since no request can cost more than its reservation, the period's spend
 * never exceeds the limit by more than what was admitted (decision 080).
 */
export async function reserve(db: Db, input: ReserveInput): Promise<ReserveResult> {
  const ttl = input.ttlMs ?? RESERVATION_TTL_MS;
  const { rows } = await sql<{ reservation_id: string | null; spent_micros: number; held_micros: number }>`
    SELECT reservation_id, spent_micros, held_micros FROM reserve_spend(
      ${input.customerId}::uuid, ${input.requestId}, ${input.amountMicros}::bigint, ${input.limitMicros}::bigint,
      ${input.periodStart}::timestamptz, ${`${ttl} milliseconds`}::interval
    )
  `.execute(db);
  const row = rows[0];
  const spentMicros = Number(row?.spent_micros ?? 0);
  const heldMicros = Number(row?.held_micros ?? 0);
  if (!row?.reservation_id) return { admitted: false, spentMicros, heldMicros };
  return { admitted: true, reservationId: row.reservation_id, spentMicros, heldMicros };
}

/** Gives a reservation back when its request ends without a usage event (refused before upstream). */
export async function releaseReservation(db: Db, requestId: string): Promise<void> {
  await db
    .updateTable("reservations")
    .set({ status: "released", settled_at: new Date() })
    .where("request_id", "=", requestId)
    .where("status", "=", "held")
    .execute();
}

/**
 * Held reservations past their expiry no longer count (the admission query ignores them); this
 * marks them released so the table says so too. The worker runs it periodically.
 */
export async function releaseExpiredReservations(db: Db): Promise<number> {
  const result = await db
    .updateTable("reservations")
    .set({ status: "released", settled_at: new Date() })
    .where("status", "=", "held")
    .where("expires_at", "<=", new Date())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
