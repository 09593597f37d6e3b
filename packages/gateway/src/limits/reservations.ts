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
 * The customer row lock serialises every admission of that customer, and the sums are read by a
 * second statement so they see everything committed before the lock was granted (in READ
 * COMMITTED a statement's snapshot is taken when it starts; reading the sums in the locking
 * statement would miss a reservation committed while we waited). Hence: spent + held never
 * exceeds the limit at admission, and since no request can cost more than its reservation, the
 * period's spend never exceeds the limit by more than what was admitted (decision 080).
 */
export async function reserve(db: Db, input: ReserveInput): Promise<ReserveResult> {
  const ttl = input.ttlMs ?? RESERVATION_TTL_MS;
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("customers").select("id").where("id", "=", input.customerId).forUpdate().executeTakeFirstOrThrow();
    const { rows } = await sql<{ spent: string; held: string; id: string | null }>`
      WITH spent AS (
        SELECT coalesce(sum(cost_micros), 0) AS total FROM usage_events
        WHERE customer_id = ${input.customerId} AND occurred_at >= ${input.periodStart}
      ), held AS (
        SELECT coalesce(sum(amount_micros), 0) AS total FROM reservations
        WHERE customer_id = ${input.customerId} AND status = 'held' AND expires_at > now()
      ), admitted AS (
        INSERT INTO reservations (customer_id, request_id, amount_micros, status, expires_at)
        SELECT ${input.customerId}, ${input.requestId}, ${input.amountMicros}, 'held', now() + ${`${ttl} milliseconds`}::interval
        FROM spent, held WHERE spent.total + held.total + ${input.amountMicros} <= ${input.limitMicros}
        RETURNING id
      )
      SELECT spent.total AS spent, held.total AS held, (SELECT id FROM admitted) AS id FROM spent, held
    `.execute(trx);
    const row = rows[0];
    const spentMicros = Number(row?.spent ?? 0);
    const heldMicros = Number(row?.held ?? 0);
    if (!row?.id) return { admitted: false, spentMicros, heldMicros };
    return { admitted: true, reservationId: row.id, spentMicros, heldMicros };
  });
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
